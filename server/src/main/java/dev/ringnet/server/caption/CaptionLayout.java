package dev.ringnet.server.caption;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.font.TextLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits one caption into a box: the largest font size at which the text takes one or two lines no wider than
 * the box, and together no taller. One object per render, on that render's thread.
 *
 * <p>How: text advance grows in proportion to font size (fractional metrics, no hinting), so every width is
 * measured once at {@value #REFERENCE_SIZE} px and scaled. The two-line candidate splits at the space that
 * best balances the lines; since the first line only grows and the second only shrinks as the split moves
 * right, that space is found by binary search, so a 200-character caption costs a dozen measurements, not
 * hundreds. The larger of the one-line and two-line sizes wins. Text too long for two lines even at
 * {@value #MIN_FONT_SIZE} px is cut: the first line as long as fits (at a space if there is one), the second
 * ending in an ellipsis.
 */
final class CaptionLayout {

    /** Smallest font size used; below it text is cut instead of shrunk further. */
    static final int MIN_FONT_SIZE = 10;

    private static final int REFERENCE_SIZE = 100;
    private static final String ELLIPSIS = "\u2026";

    /**
     * Lines ready to draw, one font for all.
     *
     * @param font    the font every line is laid out in
     * @param texts   the text of each line
     * @param lines   one or two lines, in order, each no wider than the box (except a first code point that
     *                alone is wider than the box)
     * @param ascent  from a line's top to its baseline, px
     * @param descent from a line's baseline to its bottom, px
     */
    record Block(Font font, List<String> texts, List<TextLayout> lines, float ascent, float descent) {

        /** Baseline to baseline, px. */
        float lineHeight() {
            return ascent + descent;
        }
    }

    private final CaptionFonts fonts;
    private final FontRenderContext frc;

    /** @param frc the render context of the image it will be drawn on (antialiasing, fractional metrics) */
    CaptionLayout(CaptionFonts fonts, FontRenderContext frc) {
        this.fonts = fonts;
        this.frc = frc;
    }

    /**
     * Lays out {@code text} (trimmed, runs of spaces collapsed) to fit {@code maxWidth} by {@code maxHeight}
     * pixels; {@code null} when there is no text to draw.
     */
    Block fit(String text, float maxWidth, float maxHeight) {
        String normalized = text.strip().replaceAll("\\s+", " ");
        if (normalized.isEmpty()) {
            return null;
        }
        Font reference = fonts.ofSize(REFERENCE_SIZE);
        LineMetrics metrics = reference.getLineMetrics(normalized, frc);
        // The size at which one line is exactly maxHeight tall.
        float sizeForHeight = maxHeight / (metrics.getAscent() + metrics.getDescent()) * REFERENCE_SIZE;

        float oneLineSize = Math.min(sizeForHeight, maxWidth / advance(reference, normalized) * REFERENCE_SIZE);
        List<String> lines = List.of(normalized);
        float size = oneLineSize;

        String[] split = balancedSplit(reference, normalized);
        if (split != null) {
            float widest = Math.max(advance(reference, split[0]), advance(reference, split[1]));
            float twoLineSize = Math.min(sizeForHeight / 2, maxWidth / widest * REFERENCE_SIZE);
            if (twoLineSize > oneLineSize) {
                lines = List.of(split[0], split[1]);
                size = twoLineSize;
            }
        }
        // Scaling is exact only up to rounding inside the font engine; shrink by a pixel until it really fits.
        for (int px = (int) size; px >= MIN_FONT_SIZE; px--) {
            Block block = layOut(lines, px);
            if (widest(block) <= maxWidth) {
                return block;
            }
        }
        return cut(normalized, maxWidth);
    }

    /** The split at a space that minimises the wider line, or null when there is no space. */
    private String[] balancedSplit(Font font, String text) {
        List<Integer> spaces = new ArrayList<>();
        for (int i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
            spaces.add(i);
        }
        if (spaces.isEmpty()) {
            return null;
        }
        // First space where the left part is at least as wide as the right one.
        int lo = 0;
        int hi = spaces.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int at = spaces.get(mid);
            if (advance(font, text.substring(0, at)) >= advance(font, text.substring(at + 1))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        String[] best = null;
        float bestWidth = Float.MAX_VALUE;
        for (int k = Math.max(0, lo - 1); k <= Math.min(lo, spaces.size() - 1); k++) {
            int at = spaces.get(k);
            String left = text.substring(0, at);
            String right = text.substring(at + 1);
            float width = Math.max(advance(font, left), advance(font, right));
            if (width < bestWidth) {
                bestWidth = width;
                best = new String[] {left, right};
            }
        }
        return best;
    }

    /** Two lines at the minimum size: as much as fits, then the rest ending in an ellipsis if it does not fit. */
    private Block cut(String text, float maxWidth) {
        Font font = fonts.ofSize(MIN_FONT_SIZE);
        int firstEnd = atSpace(text, fittingPrefix(font, text, maxWidth));
        String first = text.substring(0, firstEnd);
        String rest = text.substring(firstEnd).strip();
        if (rest.isEmpty()) {
            return layOut(List.of(first), MIN_FONT_SIZE);
        }
        String second = rest;
        if (advance(font, rest) > maxWidth) {
            int secondEnd = atSpace(rest, fittingPrefix(font, rest, maxWidth - advance(font, ELLIPSIS)));
            second = rest.substring(0, secondEnd).stripTrailing() + ELLIPSIS;
        }
        return layOut(List.of(first, second), MIN_FONT_SIZE);
    }

    /** {@code end}, moved back to the last space before it when it would cut a word in two. */
    private static int atSpace(String text, int end) {
        if (end < text.length() && text.charAt(end) != ' ') {
            int space = text.lastIndexOf(' ', end);
            if (space > 0) {
                return space;
            }
        }
        return end;
    }

    /**
     * End index of the longest prefix of {@code text} no wider than {@code width}, on a code point boundary;
     * at least one code point, so a cut always makes progress.
     */
    private int fittingPrefix(Font font, String text, float width) {
        int codePoints = text.codePointCount(0, text.length());
        int lo = 1;
        int hi = codePoints;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (advance(font, text.substring(0, text.offsetByCodePoints(0, mid))) <= width) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return text.offsetByCodePoints(0, lo);
    }

    private Block layOut(List<String> lines, int px) {
        Font font = fonts.ofSize(px);
        List<TextLayout> layouts = new ArrayList<>(lines.size());
        for (String line : lines) {
            layouts.add(new TextLayout(line, font, frc));
        }
        LineMetrics metrics = font.getLineMetrics(String.join(" ", lines), frc);
        return new Block(font, List.copyOf(lines), List.copyOf(layouts), metrics.getAscent(), metrics.getDescent());
    }

    private static float widest(Block block) {
        float widest = 0;
        for (TextLayout line : block.lines()) {
            widest = Math.max(widest, line.getAdvance());
        }
        return widest;
    }

    private float advance(Font font, String text) {
        return new TextLayout(text, font, frc).getAdvance();
    }
}
