package dev.ringnet.server.caption;

import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws captions on a template and encodes the result as PNG: the top caption in the top quarter of the image,
 * the bottom one in the bottom quarter, each centred, white with a black outline, in the bundled DejaVu Sans
 * Bold at the largest size that fits the width in at most two lines (see {@link CaptionLayout}).
 *
 * <p>Thread-safe: many render threads may share one renderer, each drawing on its own copy of the template.
 * Pure Java2D on {@link BufferedImage}s, so it needs no display; run the JVM with
 * {@code -Djava.awt.headless=true} so a {@code DISPLAY} variable in the environment is never used either.
 */
public final class CaptionRenderer {

    /** Share of the image height each caption may take. */
    private static final float BAND_SHARE = 0.25f;
    /** Share of the image width kept clear on each side (and at the top and bottom), room for the outline too. */
    private static final float MARGIN_SHARE = 0.04f;

    private final CaptionFonts fonts;

    /**
     * Loads the bundled font and draws one caption, so that a host that cannot render fails here, at startup,
     * rather than at every request (and the first request does not pay for loading Java2D: a few hundred ms).
     *
     * @param fontCacheSize most font sizes kept ({@link CaptionConfig#fontCacheSize()})
     * @throws IllegalStateException if the font cannot be loaded or Java2D cannot start, saying why and what to
     *                               do
     */
    public CaptionRenderer(int fontCacheSize) {
        this(new CaptionFonts(fontCacheSize));
        try {
            encodePng(draw(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "Warm", "up"));
        } catch (AWTError e) {
            // Without java.awt.headless=true and with DISPLAY set, Java2D tries to reach an X server.
            throw new IllegalStateException("Java2D cannot start (" + e.getMessage() + "); run the JVM with"
                    + " -Djava.awt.headless=true", e);
        }
    }

    CaptionRenderer(CaptionFonts fonts) {
        this.fonts = fonts;
    }

    /**
     * {@link #draw} then PNG. Runs for milliseconds: call it from a render worker, never an event loop.
     *
     * @return the PNG file's bytes
     */
    public byte[] renderPng(BufferedImage template, String top, String bottom) {
        return encodePng(draw(template, top, bottom));
    }

    /**
     * A new image: {@code template} (left untouched) with {@code top} and {@code bottom} drawn on it. Empty or
     * blank captions draw nothing, so both blank gives an exact copy of the template.
     */
    public BufferedImage draw(BufferedImage template, String top, String bottom) {
        int width = template.getWidth();
        int height = template.getHeight();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(template, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            // Fractional metrics make advances scale with size, which CaptionLayout relies on.
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            CaptionLayout layout = new CaptionLayout(fonts, g.getFontRenderContext());
            float margin = Math.max(4, width * MARGIN_SHARE);
            float maxWidth = width - 2 * margin;
            float maxHeight = height * BAND_SHARE;

            CaptionLayout.Block topBlock = layout.fit(top, maxWidth, maxHeight);
            if (topBlock != null) {
                drawBlock(g, topBlock, width, margin + topBlock.ascent());
            }
            CaptionLayout.Block bottomBlock = layout.fit(bottom, maxWidth, maxHeight);
            if (bottomBlock != null) {
                int lastLine = bottomBlock.lines().size() - 1;
                float firstBaseline = height - margin - bottomBlock.descent() - lastLine * bottomBlock.lineHeight();
                drawBlock(g, bottomBlock, width, firstBaseline);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawBlock(Graphics2D g, CaptionLayout.Block block, int width, float firstBaseline) {
        // The stroke is centred on the glyph edge; filling afterwards hides its inner half, so the outline
        // shows outside only, half this wide.
        g.setStroke(new BasicStroke(Math.max(2f, block.font().getSize2D() / 8f),
                BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        List<TextLayout> lines = block.lines();
        for (int i = 0; i < lines.size(); i++) {
            TextLayout line = lines.get(i);
            float x = (width - line.getAdvance()) / 2;
            float baseline = firstBaseline + i * block.lineHeight();
            Shape outline = line.getOutline(AffineTransform.getTranslateInstance(x, baseline));
            g.setColor(Color.BLACK);
            g.draw(outline);
            g.setColor(Color.WHITE);
            g.fill(outline);
        }
    }

    /**
     * PNG-encodes {@code image} in memory. Through an explicit memory-cached stream: the shortcut
     * {@code ImageIO.write(image, "png", OutputStream)} buffers through a temporary file by default.
     */
    static byte[] encodePng(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no PNG writer (javax.imageio); use a full JDK/JRE build");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            // Only memory is written, so this means a bug in the encoder, not an I/O condition to retry.
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
