package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TemplateCacheTest {

    private final List<String> loaded = new ArrayList<>();

    private TemplateCache countingCache(int size) {
        return new TemplateCache(size, List.of("a", "b", "c", "d"), name -> {
            loaded.add(name);
            return new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        });
    }

    @Test
    void hitsDoNotLoadAgain() {
        TemplateCache cache = countingCache(2);
        BufferedImage first = cache.get("a");
        assertSame(first, cache.get("a"));
        assertSame(first, cache.get("a"));
        assertEquals(1, cache.loads());
        assertEquals(List.of("a"), loaded);
    }

    @Test
    void holdsAtMostItsSizeAndEvictsTheLeastRecentlyUsed() {
        TemplateCache cache = countingCache(2);
        cache.get("a");
        cache.get("b");
        cache.get("a"); // a is now more recent than b
        cache.get("c"); // evicts b
        assertEquals(2, cache.size());
        assertEquals(3, cache.loads());
        cache.get("a"); // still cached
        assertEquals(3, cache.loads());
        cache.get("b"); // was evicted: loaded again, evicting c
        assertEquals(List.of("a", "b", "c", "b"), loaded);
        assertEquals(2, cache.size());
        cache.get("c");
        assertEquals(5, cache.loads());
    }

    @Test
    void cycleLargerThanTheCacheLoadsEveryTime() {
        TemplateCache cache = countingCache(3);
        for (int round = 0; round < 5; round++) {
            for (String name : List.of("a", "b", "c", "d")) {
                cache.get(name);
            }
        }
        assertEquals(20, cache.loads(), "LRU with 3 slots and 4 names in a cycle never hits");
        assertEquals(3, cache.size());
    }

    @Test
    void unknownTemplateIsRefusedWithoutLoading() {
        TemplateCache cache = countingCache(2);
        assertFalse(cache.contains("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.get("nope"));
        assertTrue(e.getMessage().startsWith("no template named 'nope'"), e.getMessage());
        assertEquals(0, cache.loads());
    }

    @Test
    void failedLoadCachesNothing() {
        int[] calls = {0};
        TemplateCache cache = new TemplateCache(2, List.of("a"), name -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("disk hiccup");
            }
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        });
        assertThrows(IllegalStateException.class, () -> cache.get("a"));
        assertEquals(0, cache.size());
        cache.get("a");
        assertEquals(1, cache.size());
    }

    @Test
    void bundledTemplatesAreTheDrawnOnesAndDecodeAsIntRgb() {
        TemplateCache cache = new TemplateCache(CaptionConfig.DEFAULT_TEMPLATE_CACHE_SIZE);
        assertEquals(Set.copyOf(TemplateArt.NAMES), cache.names());
        for (String name : TemplateCache.BUNDLED) {
            BufferedImage image = cache.get(name);
            assertEquals(TemplateArt.WIDTH, image.getWidth(), name);
            assertEquals(TemplateArt.HEIGHT, image.getHeight(), name);
            assertEquals(BufferedImage.TYPE_INT_RGB, image.getType(), name);
        }
        assertEquals(TemplateCache.BUNDLED.size(), cache.loads());
    }

    @Test
    void sizeBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TemplateCache(0));
        assertEquals("cache size must be at least 1, got 0", e.getMessage());
    }
}
