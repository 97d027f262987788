package dev.ringnet.server.config;

import java.io.Serial;

/**
 * A setting the server cannot start with: the message is one line naming the setting, where it came from and what
 * is wrong, fit to print as it is. The launcher prints it and exits with status 2, without a stack trace.
 */
public final class ConfigException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message} alone. */
    public ConfigException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause} (kept for logs at debug level). */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
