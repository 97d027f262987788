package dev.ringnet.server;

import dev.ringnet.server.transports.TransportKind;
import java.io.Serial;

/**
 * The chosen transport passed its probe but could not start its event loops: an io_uring ring larger than the
 * probe's that does not fit in RLIMIT_MEMLOCK (ENOMEM), say. {@code --transport auto} then moves on to the next
 * transport; a transport named on the command line exits with status 1.
 */
public final class EventLoopStartException extends StartupException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The transport whose event loops failed. */
    private final transient TransportKind transport;

    /** {@code transport}'s event loops could not start, for the one-line reason {@code reason}. */
    EventLoopStartException(TransportKind transport, String reason, Throwable cause) {
        super("cannot start the " + transport.displayName() + " event loops: " + reason, cause);
        this.transport = transport;
    }

    /** The transport whose event loops failed. */
    public TransportKind transport() {
        return transport;
    }
}
