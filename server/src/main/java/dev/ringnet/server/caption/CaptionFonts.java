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
 * <p>The font is loaded from the jar with {@link Font#createFont}, never looked up by name, so captions look the
 * same whatever fonts the host has (Temurin ships none). The JDK's font system itself still needs fontconfig and
 * at least one system font to start on Linux; without them the constructor says so and what to install.
 */
final class CaptionFonts {

    /** Classpath location of the bundled TTF. */
    static final String RESOURCE = "/caption/fonts/DejaVuSans-Bold.ttf";

    /**
     * The font loaded once per JVM: {@code createFont} keeps its temporary copy open until the JVM exits, so loading it
     * per server would cost an fd and a file for every server a JVM starts (the tests start dozens).
     */
    private static Font bundled;

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
        this.base = bundled();
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

    private static synchronized Font bundled() {
        if (bundled == null) {
            bundled = loadBundled();
        }
        return bundled;
    }

    private static Font loadBundled() {
        try (InputStream in = CaptionFonts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("caption font " + RESOURCE
                        + " is missing from the classpath: the server jar is incomplete, rebuild it");
            }
            // createFont copies the stream to a temporary file once (the rasteriser reads fonts from files).
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (FontFormatException | IOException | RuntimeException | InternalError e) {
            throw new IllegalStateException("cannot load caption font " + RESOURCE + ": " + e.getMessage()
                    + "; " + diagnose(), e);
        } catch (LinkageError e) {
            // The JDK's native font code (lib/libfontmanager.so and the libfreetype it links) did not load.
            throw new IllegalStateException("cannot load caption font " + RESOURCE + ": the JDK's font library"
                    + " failed to load (" + e + "); use a full JDK/JRE build with lib/libfontmanager.so", e);
        }
    }

    /**
     * Why fonts cannot load here, as far as can be told: {@code createFont} from a stream reports every failure
     * as "Problem reading font data", so this asks the JDK's font system for a logical font, which fails with
     * the real cause when the font system itself cannot start.
     */
    private static String diagnose() {
        try {
            new Font(Font.DIALOG, Font.PLAIN, 12).getFamily();
        } catch (RuntimeException | InternalError e) {
            // Linux's headless font manager starts through fontconfig and refuses to start without a single
            // system font, even when the application brings its own font.
            return "the JDK's font system could not start (" + e.getMessage() + "): on Linux it needs fontconfig"
                    + " and at least one installed font, even to load a bundled font; install them (Debian/Ubuntu:"
                    + " apt-get install fontconfig fonts-dejavu-core; Alpine: apk add fontconfig ttf-dejavu)";
        }
        return "the JDK copies the font to java.io.tmpdir (" + System.getProperty("java.io.tmpdir")
                + "): check that it exists and is writable";
    }
}
