package dev.ringnet.server.caption;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The bundled caption templates, drawn pixel by pixel: how {@code src/main/resources/caption/templates/*.png} were
 * made, so they are ours and can be made again.
 *
 * <p>Every pixel is integer arithmetic on its coordinates (no antialiasing, no fonts, no Java2D), so the result
 * is the same on every JDK; {@link BundledTemplatesTest} checks the committed files against it. Colours are mid
 * tones on purpose: white text with a black outline must read on all of them.
 *
 * <p>Regenerate (from the repository root, after {@code ./mvnw -pl server test-compile}):
 * <pre>{@code
 * java -cp server/target/test-classes dev.ringnet.server.caption.TemplateArt \
 *     server/src/main/resources/caption/templates
 * }</pre>
 */
public final class TemplateArt {

    /** Size of every bundled template: small enough for a fast render, big enough for two lines of text. */
    static final int WIDTH = 400;
    static final int HEIGHT = 300;

    /** The templates this class draws, by name (the file is {@code NAME.png}). */
    static final List<String> NAMES = List.of("checks", "dots", "gradient", "stripes");

    private TemplateArt() {
    }

    /** Draws the template {@code name}; any thread. */
    static BufferedImage draw(String name) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, pixel(name, x, y));
            }
        }
        return image;
    }

    private static int pixel(String name, int x, int y) {
        return switch (name) {
            // A diagonal blend from slate blue (top left) to burnt orange (bottom right).
            case "gradient" -> {
                int t = (x + y) * 255 / (WIDTH - 1 + HEIGHT - 1);
                yield rgb(lerp(40, 220, t), lerp(70, 110, t), lerp(150, 40, t));
            }
            // 45-degree stripes, 20 px wide, teal and sea green.
            case "stripes" -> ((x + y) / 20) % 2 == 0 ? rgb(30, 120, 130) : rgb(50, 160, 120);
            // Red dots of radius 14 on mustard, on a 40 px grid with every other row shifted by half a cell.
            case "dots" -> {
                int row = y / 40;
                int dx = Math.floorMod(x + (row % 2) * 20, 40) - 20;
                int dy = y % 40 - 20;
                yield dx * dx + dy * dy <= 14 * 14 ? rgb(190, 60, 50) : rgb(200, 160, 60);
            }
            // 25 px squares in two slate greys.
            case "checks" -> ((x / 25) + (y / 25)) % 2 == 0 ? rgb(90, 100, 120) : rgb(120, 130, 150);
            default -> throw new IllegalArgumentException("no template art named '" + name + "', known: " + NAMES);
        };
    }

    private static int lerp(int from, int to, int t255) {
        return from + (to - from) * t255 / 255;
    }

    private static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }

    /** Writes every template as {@code DIR/NAME.png}; {@code args[0]} is DIR. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TemplateArt OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (String name : NAMES) {
            Path file = dir.resolve(name + ".png");
            if (!ImageIO.write(draw(name), "png", file.toFile())) {
                throw new IOException("no PNG writer in this JDK");
            }
            System.out.println(file + " " + Files.size(file) + " bytes");
        }
    }
}
