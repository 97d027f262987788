package dev.ringnet.server.transports;

import dev.ringnet.server.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** Chooses the transport for {@code --transport auto|NAME}. Stateless; any thread. */
public final class TransportSelector {
    private TransportSelector() {
    }

    /**
     * The outcome of a selection.
     *
     * @param transport the transport to run on
     * @param skipped   one line per better transport that {@code auto} passed over, with its cause
     */
    public record Selection(TransportKind transport, List<String> skipped) {
        /** Copies {@code skipped}: the record is immutable. */
        public Selection {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Selects {@code requested}: {@code auto} takes the first available transport in {@link TransportKind} order;
     * a name takes that transport if it is available.
     *
     * @throws ConfigException naming the cause and the fix if the named transport cannot run here, or if the name
     *                         is unknown
     */
    public static Selection select(String requested) throws ConfigException {
        if (requested.equals("auto")) {
            List<String> skipped = new ArrayList<>();
            for (TransportKind kind : TransportKind.values()) {
                if (kind.isAvailable()) {
                    return new Selection(kind, skipped);
                }
                skipped.add(kind.displayName() + " unavailable: " + Causes.oneLine(kind.unavailabilityCause()));
            }
            throw new IllegalStateException("nio is always available");
        }
        TransportKind kind = TransportKind.forName(requested);
        if (kind == null) {
            throw new ConfigException("--transport: unknown transport '" + requested + "' (auto, "
                    + TransportKind.names() + ")");
        }
        if (!kind.isAvailable()) {
            throw new ConfigException(unavailableMessage(kind));
        }
        return new Selection(kind, List.of());
    }

    /**
     * The first available transport after {@code failed} in {@code auto}'s order, with the line {@code auto} logs
     * for {@code failed}: for a transport whose probe passed but whose event loops then could not start (a ring
     * bigger than the probe's over RLIMIT_MEMLOCK). {@code nio} is last and always available: null after it.
     *
     * @param reason one line saying why {@code failed} could not start
     */
    public static Selection fallBackFrom(TransportKind failed, String reason) {
        TransportKind[] order = TransportKind.values();
        for (int i = failed.ordinal() + 1; i < order.length; i++) {
            if (order[i].isAvailable()) {
                return new Selection(order[i], List.of(failed.displayName() + " unavailable: " + reason));
            }
        }
        return null;
    }

    /** The one line for an explicitly requested transport that cannot run: what, why, and what to do instead. */
    static String unavailableMessage(TransportKind kind) {
        TransportKind fallback = select0();
        return "transport " + kind.displayName() + " is unavailable here: "
                + Causes.oneLine(kind.unavailabilityCause())
                + (kind.limitation().isEmpty() ? "" : " (" + kind.limitation() + ")") + "; fix: use --transport auto"
                + " (it picks " + fallback.displayName() + " on this host)";
    }

    private static TransportKind select0() {
        for (TransportKind kind : TransportKind.values()) {
            if (kind.isAvailable()) {
                return kind;
            }
        }
        return TransportKind.NIO;
    }
}
