package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaptionRendererTest {

    private static CaptionRenderer renderer;
    private static TemplateCache templates;

    @BeforeAll
    static void load() {
        renderer = new CaptionRenderer(CaptionConfig.DEFAULT_FONT_CACHE_SIZE);
        templates = new TemplateCache(CaptionConfig.DEFAULT_TEMPLATE_CACHE_SIZE);
    }

    @Test
    void pngDecodesAtTheTemplateSize() throws IOException {
        for (String name : TemplateCache.BUNDLED) {
            BufferedImage template = templates.get(name);
            byte[] png = renderer.renderPng(template, "top text", "bottom text");
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    Arrays.copyOf(png, 8), "PNG signature");
            BufferedImage decoded = TemplateCache.decode(png, name);
            assertEquals(template.getWidth(), decoded.getWidth(), name);
            assertEquals(template.getHeight(), decoded.getHeight(), name);
        }
    }

    @Test
    void noTextGivesTheBareTemplate() throws IOException {
        BufferedImage template = templates.get("gradient");
        BufferedImage decoded = TemplateCache.decode(renderer.renderPng(template, "", "   "), "bare");
        assertEquals(0, changedPixels(template, decoded, 0, template.getHeight()));
    }

    @Test
    void topTextChangesTheTopBandOnly() {
        BufferedImage template = templates.get("dots");
        BufferedImage drawn = renderer.draw(template, "HELLO FROM THE TOP", "");
        int h = template.getHeight();
        assertTrue(changedPixels(template, drawn, 0, h / 4) > 500, "text drawn in the top quarter");
        assertEquals(0, changedPixels(template, drawn, h * 3 / 10, h), "nothing below the top band");
        assertWhiteAndBlackPresent(drawn, 0, h / 4);
    }

    @Test
    void bottomTextChangesTheBottomBandOnly() {
        BufferedImage template = templates.get("stripes");
        BufferedImage drawn = renderer.draw(template, "", "AND THE BOTTOM");
        int h = template.getHeight();
        assertTrue(changedPixels(template, drawn, h * 3 / 4, h) > 500, "text drawn in the bottom quarter");
        assertEquals(0, changedPixels(template, drawn, 0, h * 7 / 10), "nothing above the bottom band");
        assertWhiteAndBlackPresent(drawn, h * 3 / 4, h);
    }

    @Test
    void templateIsNotDrawnOn() {
        BufferedImage template = templates.get("checks");
        BufferedImage before = TemplateArt.draw("checks");
        renderer.draw(template, "SCRIBBLE", "ON IT");
        assertEquals(0, changedPixels(before, template, 0, template.getHeight()));
    }

    @Test
    void longestCaptionsStayInsideTheImageSides() {
        BufferedImage template = templates.get("gradient");
        String longest = "word ".repeat(CaptionRequest.MAX_CAPTION_LENGTH / 5).strip();
        BufferedImage drawn = renderer.draw(template, longest, longest);
        int w = template.getWidth();
        int h = template.getHeight();
        // The outermost columns are never reached: text keeps a margin, outline included.
        for (int y = 0; y < h; y++) {
            for (int x : new int[] {0, 1, 2, w - 3, w - 2, w - 1}) {
                assertEquals(template.getRGB(x, y), drawn.getRGB(x, y), "pixel (" + x + ", " + y + ")");
            }
        }
        assertTrue(changedPixels(template, drawn, 0, h / 4) > 0);
    }

    private static int changedPixels(BufferedImage a, BufferedImage b, int fromRow, int toRow) {
        int changed = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    private static void assertWhiteAndBlackPresent(BufferedImage image, int fromRow, int toRow) {
        boolean white = false;
        boolean black = false;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                white |= rgb == 0xFFFFFF;
                black |= rgb == 0x000000;
            }
        }
        assertTrue(white, "white fill");
        assertTrue(black, "black outline");
    }
}
