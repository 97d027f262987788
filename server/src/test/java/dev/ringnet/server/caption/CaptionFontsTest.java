package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.Font;

import org.junit.jupiter.api.Test;

class CaptionFontsTest {

    @Test
    void sizesAreCachedAndTheCacheIsBounded() {
        CaptionFonts fonts = new CaptionFonts(2);
        Font twenty = fonts.ofSize(20);
        assertEquals(20f, twenty.getSize2D());
        assertSame(twenty, fonts.ofSize(20));
        assertEquals(1, fonts.loads());
        fonts.ofSize(21);
        fonts.ofSize(22); // evicts 20, the least recently used
        fonts.ofSize(22);
        assertEquals(3, fonts.loads());
        fonts.ofSize(20);
        assertEquals(4, fonts.loads(), "20 was evicted from a cache of two");
    }

    @Test
    void bundledFontIsLoadedFromTheJarNotTheSystem() {
        Font font = new CaptionFonts(1).ofSize(12);
        assertEquals("DejaVu Sans", font.getFamily());
        assertEquals("DejaVu Sans Bold", font.getFontName());
    }
}
