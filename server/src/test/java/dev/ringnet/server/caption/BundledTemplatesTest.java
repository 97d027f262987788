package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The committed template PNGs are exactly what {@link TemplateArt} draws: they are of our own making. */
class BundledTemplatesTest {

    static final List<String> NAMES = TemplateArt.NAMES;

    @ParameterizedTest
    @FieldSource("NAMES")
    void committedPngHasTheDrawnPixels(String name) throws IOException {
        BufferedImage committed;
        try (InputStream in = BundledTemplatesTest.class.getResourceAsStream("/caption/templates/" + name + ".png")) {
            assertNotNull(in, "missing resource /caption/templates/" + name + ".png");
            committed = ImageIO.read(in);
        }
        BufferedImage drawn = TemplateArt.draw(name);
        assertEquals(drawn.getWidth(), committed.getWidth(), "width of " + name);
        assertEquals(drawn.getHeight(), committed.getHeight(), "height of " + name);
        for (int y = 0; y < drawn.getHeight(); y++) {
            for (int x = 0; x < drawn.getWidth(); x++) {
                int expected = drawn.getRGB(x, y) & 0xFFFFFF;
                int actual = committed.getRGB(x, y) & 0xFFFFFF;
                if (expected != actual) {
                    assertEquals(Integer.toHexString(expected), Integer.toHexString(actual),
                            name + ".png differs from TemplateArt at (" + x + ", " + y + "); regenerate it");
                }
            }
        }
    }
}
