package dev.ringnet.server.config;

import java.io.Serial;

/**
 * A setting the server cannot start with: the message is one line naming the setting, where it came from and what
 * is wrong, fit to print as it is. The launcher prints it and exits with status 2, without a stack trace.
 */
public final class ConfigException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message} alone; control characters in it are escaped (see below). */
    public ConfigException(String message) {
        super(oneLine(message));
    }

    /** A failure described by {@code message}, caused by {@code cause} (kept for logs at debug level). */
    public ConfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * {@code message} with control characters written as {@code \n}, {@code \t} or {@code \}{@code uXXXX}: the
     * messages quote what the user gave, and an argument or variable with a line break in it must still come out
     * as one line (found by ConfigFuzzTest).
     */
    static String oneLine(String message) {
        StringBuilder sb = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (!Character.isISOControl(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(message.length() + 8).append(message, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? message : sb.toString();
    }
}
