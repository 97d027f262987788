package dev.ringnet.server.caption;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caption typeface, DejaVu Sans Bold bundled under {@value #RESOURCE} (see the README and LICENSE next to
 * it), and its sizes in a bounded cache (size from {@link CaptionConfig#fontCacheSize()}). Thread-safe: any
 * thread; {@link Font} is immutable.
 *
 * <p>The font is loaded from the jar with {@link Font#createFont}, never looked up by name, so captions do not
 * depend on the host's fonts or fontconfig (Temurin ships no fonts; minimal containers have none).
 */
final class CaptionFonts {

    /** Classpath location of the bundled TTF. */
    static final String RESOURCE = "/caption/fonts/DejaVuSans-Bold.ttf";

    private final Font base;
    private final LruCache<Integer, Font> sizes;

    /**
     * Loads the bundled font now, so a host that cannot load fonts fails at startup rather than at the first
     * request.
     *
     * @param cacheSize most pixel sizes kept, at least 1
     * @throws IllegalStateException saying why the font cannot be loaded and what to check
     */
    CaptionFonts(int cacheSize) {
        this.base = loadBundled();
        this.sizes = new LruCache<>(cacheSize, px -> base.deriveFont((float) px));
    }

    /**
     * The font at {@code px} pixels. Captions draw with an identity transform, where one point is one pixel, so
     * a pixel size is the font's point size.
     */
    Font ofSize(int px) {
        return sizes.get(px);
    }

    /** Sizes derived so far (cache misses). */
    long loads() {
        return sizes.loads();
    }

    /** The font family name the bundled file declares. */
    String family() {
        return base.getFamily();
    }

    private static Font loadBundled() {
        try (InputStream in = CaptionFonts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("caption font " + RESOURCE
                        + " is missing from the classpath: the server jar is incomplete, rebuild it");
            }
            // createFont copies the stream to a temporary file once (the rasteriser reads fonts from files),
            // so java.io.tmpdir must be writable at startup.
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (FontFormatException | IOException e) {
            throw new IllegalStateException("cannot load caption font " + RESOURCE + ": " + e.getMessage()
                    + " (is java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + " writable?)", e);
        } catch (LinkageError e) {
            // The JDK's native font code (lib/libfontmanager.so and the libfreetype it links) did not load.
            throw new IllegalStateException("cannot load caption font " + RESOURCE + ": the JDK's font library"
                    + " failed to load (" + e + "); use a full JDK/JRE build with lib/libfontmanager.so and run"
                    + " with -Djava.awt.headless=true", e);
        }
    }
}
