package dev.ringnet.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A column of the comparison: a server transport, or one run in a mode of its own. {@code NAME} runs
 * {@code serve --transport NAME}; {@value #SQPOLL_SUFFIX} after a name adds {@code --sqpoll} with
 * {@value #SQPOLL_IDLE} of idle time (ffm-io_uring only: a kernel thread polls each ring, and its CPU counts as the
 * server's). Immutable.
 *
 * @param name      the column's name, as given to {@code --transports}
 * @param transport the server's {@code --transport}
 * @param extraArgs further {@code serve} arguments of the mode
 */
public record TransportVariant(String name, String transport, List<String> extraArgs) {
    /** Suffix naming the SQPOLL mode. */
    public static final String SQPOLL_SUFFIX = "+sqpoll";
    /** How long an SQPOLL thread spins without work before it sleeps. */
    static final String SQPOLL_IDLE = "100ms";

    /** The variant {@code name} stands for. */
    public static TransportVariant of(String name) {
        if (name.endsWith(SQPOLL_SUFFIX)) {
            return new TransportVariant(name, name.substring(0, name.length() - SQPOLL_SUFFIX.length()),
                    List.of("--sqpoll", SQPOLL_IDLE));
        }
        return new TransportVariant(name, name, List.of());
    }

    /** The {@code serve} arguments that select this variant. */
    public List<String> serverArgs() {
        List<String> args = new ArrayList<>(List.of("--transport", transport));
        args.addAll(extraArgs);
        return args;
    }
}
