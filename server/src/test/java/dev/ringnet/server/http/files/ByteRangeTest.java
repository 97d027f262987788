package dev.ringnet.server.http.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Range header parsing against a 1000-byte file (RFC 9110 section 14.1.2). */
class ByteRangeTest {
    @Test
    void singleRanges() {
        assertEquals(new ByteRange(0, 499), ByteRange.parse("bytes=0-499", 1000));
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(new ByteRange(990, 999), ByteRange.parse("bytes=990-5000", 1000), "end clipped to the size");
        assertEquals(new ByteRange(5, 5), ByteRange.parse(" BYTES=5-5 ", 1000));
    }

    @Test
    void unsatisfiableRanges() {
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 1000));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0));
    }

    @Test
    void whatWeDoNotServeIsIgnored() {
        for (String header : new String[] {null, "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=a-b", "bytes=",
                "bytes=-", "bytes=1", "bytes=99999999999999999999-"}) {
            assertSame(ByteRange.WHOLE, ByteRange.parse(header, 1000), String.valueOf(header));
        }
    }
}
