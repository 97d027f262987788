package dev.ringnet.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The value of the {@code Date} header every response carries (RFC 9110 section 6.6.1: an origin server with a
 * clock must send it), formatted at most once per second and shared. Any thread.
 */
final class HttpDate {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** The second and its text, replaced together so a reader never sees one without the other. */
    private record Cached(long second, String text) {
    }

    private static volatile Cached cached = new Cached(-1, "");

    private HttpDate() {
    }

    /** Now, as an HTTP date. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second() != second) {
            // Racing threads may both format: the results are equal, and the last write wins harmlessly.
            c = new Cached(second, FORMAT.format(Instant.ofEpochSecond(second)));
            cached = c;
        }
        return c.text();
    }
}
