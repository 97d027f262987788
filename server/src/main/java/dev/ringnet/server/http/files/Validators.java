package dev.ringnet.server.http.files;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A file's validators, its ETag and Last-Modified, and the conditional request checks built on them
 * (RFC 9110 section 13): If-None-Match before If-Modified-Since, and If-Range. Immutable.
 *
 * @param etag         a strong entity tag made of the size and the modification time, quoted
 * @param lastModified the modification time, whole seconds (HTTP dates have no finer precision)
 */
public record Validators(String etag, Instant lastModified) {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** The validators of a file of {@code size} bytes last modified at {@code modified}. */
    public static Validators of(long size, Instant modified) {
        Instant seconds = Instant.ofEpochSecond(modified.getEpochSecond());
        // Nanoseconds in the tag: a file rewritten within the same second with the same size still changes its tag.
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.getEpochSecond()) + "."
                + Integer.toHexString(modified.getNano()) + "\"";
        return new Validators(etag, seconds);
    }

    /** Last-Modified as an HTTP date. */
    public String lastModifiedHeader() {
        return formatDate(lastModified);
    }

    /** {@code instant} as an HTTP date ({@code Sun, 06 Nov 1994 08:49:37 GMT}). */
    public static String formatDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /**
     * Whether a GET or HEAD with these headers may be answered 304: If-None-Match, when present, decides alone
     * (weak comparison); otherwise If-Modified-Since decides.
     */
    public boolean notModified(String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            return matchesAny(ifNoneMatch);
        }
        if (ifModifiedSince != null) {
            Instant since = parseDate(ifModifiedSince);
            return since != null && !lastModified.isAfter(since);
        }
        return false;
    }

    /** Whether a Range may be honoured under {@code ifRange}: absent, or naming this version exactly. */
    public boolean rangeAllowed(String ifRange) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"")) {
            return v.equals(etag); // strong comparison
        }
        Instant date = parseDate(v);
        return date != null && date.equals(lastModified);
    }

    /** Weak comparison (RFC 9110 section 8.8.3.2), as If-None-Match uses. */
    private boolean matchesAny(String header) {
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** An HTTP date, or null if {@code text} is not one (an invalid date makes the condition be ignored). */
    static Instant parseDate(String text) {
        try {
            return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
