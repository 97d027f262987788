package dev.ringnet.server.http.files;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110 section 14), resolved against the file's size.
 * Only single ranges are served; a header with several, or one that does not parse, is ignored (the whole file is
 * sent), as the RFC allows. Immutable.
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
public record ByteRange(long start, long end) {
    /** The header asked for no range we serve: send the whole file. */
    public static final ByteRange WHOLE = new ByteRange(-1, -1);
    /** The range lies past the end of the file: answer 416. */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-2, -2);

    /** Bytes in the range. */
    public long length() {
        return end - start + 1;
    }

    /** The range {@code header} asks of a file of {@code size} bytes; {@link #WHOLE} for a null header. */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return WHOLE;
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return WHOLE;
        }
        String spec = h.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        long a = digits(first);
        long b = digits(last);
        if (first.isEmpty()) {
            // bytes=-N: the last N bytes.
            if (b < 0) {
                return WHOLE;
            }
            if (b == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - b), size - 1);
        }
        if (a < 0 || !last.isEmpty() && (b < 0 || b < a)) {
            return WHOLE;
        }
        if (a >= size) {
            return UNSATISFIABLE;
        }
        long end = last.isEmpty() ? size - 1 : Math.min(b, size - 1);
        return new ByteRange(a, end);
    }

    /** The value of {@code s} if it is 1 to 18 ASCII digits, else -1. */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
