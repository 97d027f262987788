package dev.ringnet.server.transports;

import java.util.ArrayList;
import java.util.List;

/** Turns an unavailability cause into one line a user reads. Stateless. */
public final class Causes {
    private static final int MAX_LENGTH = 400;
    private static final int MAX_DEPTH = 4;

    private Causes() {
    }

    /**
     * The messages of {@code cause} and its causes, outermost first, each once, joined with {@code ": "} on one
     * line; message-less wrappers are skipped (the class name stands in only if no throwable has a message).
     * {@code "unknown cause"} for null.
     */
    public static String oneLine(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        List<String> parts = new ArrayList<>();
        Throwable last = cause;
        for (Throwable t = cause; t != null && parts.size() < MAX_DEPTH; t = t.getCause()) {
            last = t;
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                // Wrappers without a message (ExceptionInInitializerError) say nothing a user can act on.
                continue;
            }
            String message = t.getMessage().replaceAll("\\s+", " ").strip();
            // Wrappers often repeat their cause's message ("java.lang.Foo: msg"); keep each text once.
            boolean repeated = false;
            for (String p : parts) {
                if (p.contains(message) || message.contains(p)) {
                    repeated = true;
                    break;
                }
            }
            if (!repeated) {
                parts.add(message);
            }
        }
        if (parts.isEmpty()) {
            parts.add(last.getClass().getName());
        }
        String line = String.join(": ", parts);
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }
}
