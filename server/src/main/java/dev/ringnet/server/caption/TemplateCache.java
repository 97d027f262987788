package dev.ringnet.server.caption;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The caption templates: a fixed set of names, and their decoded images in a bounded cache (least recently
 * used evicted first, size from {@link CaptionConfig#templateCacheSize()}). Thread-safe: any thread.
 *
 * <p>Images handed out are shared by every render and must never be drawn on; {@link CaptionRenderer} copies
 * them first. They are {@link BufferedImage#TYPE_INT_RGB}, so that copy is a plain blit.
 */
public final class TemplateCache {

    /** Names of the templates bundled under {@code /caption/templates/NAME.png}. */
    public static final List<String> BUNDLED = List.of("checks", "dots", "gradient", "stripes");

    private static final String RESOURCE_DIR = "/caption/templates/";

    private final Set<String> names;
    private final LruCache<String, BufferedImage> images;

    /** The {@link #BUNDLED} templates, keeping at most {@code maxEntries} decoded. */
    public TemplateCache(int maxEntries) {
        this(maxEntries, BUNDLED, TemplateCache::loadBundled);
    }

    /** Templates {@code names}, each made by {@code loader}; for tests. */
    TemplateCache(int maxEntries, Collection<String> names, Function<String, BufferedImage> loader) {
        this.names = Set.copyOf(names);
        this.images = new LruCache<>(maxEntries, loader);
    }

    /** Every template name this cache can serve. */
    public Set<String> names() {
        return names;
    }

    /** Whether {@code name} is a template; cheap, never loads. */
    public boolean contains(String name) {
        return names.contains(name);
    }

    /**
     * The decoded image of template {@code name}, shared and read-only, loaded now on a miss (on the calling
     * thread, so call from a render worker, not an event loop).
     *
     * @throws IllegalArgumentException if {@code name} is not a template
     * @throws UncheckedIOException     if its image cannot be read (a broken jar or template folder)
     */
    public BufferedImage get(String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException("no template named '" + name + "', known: " + names);
        }
        return images.get(name);
    }

    /** Images decoded so far; hits do not count, so this grows only on misses. */
    public long loads() {
        return images.loads();
    }

    /** Images cached now, at most the cache size. */
    public int size() {
        return images.size();
    }

    static BufferedImage loadBundled(String name) {
        String resource = RESOURCE_DIR + name + ".png";
        try (InputStream in = TemplateCache.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("template resource " + resource
                        + " is missing from the classpath: the server jar is incomplete, rebuild it"));
            }
            return toIntRgb(decode(in.readAllBytes(), resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template resource " + resource, e);
        }
    }

    /**
     * Decodes through a memory-cached stream: {@code ImageIO.read(InputStream)} would, by default, buffer
     * through a temporary file for every decode.
     */
    static BufferedImage decode(byte[] png, String what) throws IOException {
        BufferedImage image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
        if (image == null) {
            throw new IOException(what + " is not an image ImageIO can read");
        }
        return image;
    }

    private static BufferedImage toIntRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
