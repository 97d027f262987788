package dev.ringnet.server;

import java.io.Serial;

/**
 * The server could not start for a reason outside its configuration, such as a port already in use. The message
 * is one line, fit to print; the launcher exits with status 1. {@link EventLoopStartException} is the case a
 * transport's event loops failed.
 */
public class StartupException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure described by the one-line {@code message}, caused by {@code cause}. */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
