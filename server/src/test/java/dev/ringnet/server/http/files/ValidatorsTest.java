package dev.ringnet.server.http.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ETag, Last-Modified and the conditional request rules of RFC 9110 section 13. */
class ValidatorsTest {
    private final Instant modified = Instant.parse("2026-01-02T03:04:05.678Z");
    private final Validators v = Validators.of(1234, modified);

    @Test
    void validatorsChangeWithSizeAndTime() {
        assertNotEquals(v.etag(), Validators.of(1235, modified).etag());
        assertNotEquals(v.etag(), Validators.of(1234, modified.plusNanos(1)).etag());
        assertEquals("Fri, 2 Jan 2026 03:04:05 GMT", v.lastModifiedHeader());
    }

    @Test
    void ifNoneMatchDecidesBeforeIfModifiedSince() {
        assertTrue(v.notModified(v.etag(), null));
        assertTrue(v.notModified("\"x\", W/" + v.etag(), null));
        assertTrue(v.notModified("*", null));
        assertFalse(v.notModified("\"x\"", v.lastModifiedHeader()));
        assertTrue(v.notModified(null, v.lastModifiedHeader()));
        assertTrue(v.notModified(null, "Sat, 3 Jan 2026 00:00:00 GMT"));
        assertFalse(v.notModified(null, "Thu, 1 Jan 2026 00:00:00 GMT"));
        assertFalse(v.notModified(null, "not a date"));
        assertFalse(v.notModified(null, null));
    }

    @Test
    void ifRangeNeedsAnExactMatch() {
        assertTrue(v.rangeAllowed(null));
        assertTrue(v.rangeAllowed(v.etag()));
        assertFalse(v.rangeAllowed("W/" + v.etag()));
        assertTrue(v.rangeAllowed(v.lastModifiedHeader()));
        assertFalse(v.rangeAllowed("Thu, 1 Jan 2026 00:00:00 GMT"));
    }
}
