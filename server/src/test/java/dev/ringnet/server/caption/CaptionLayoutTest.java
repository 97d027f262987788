package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaptionLayoutTest {

    private static final float WIDTH = 368;
    private static final float HEIGHT = 75;

    private static CaptionFonts fonts;
    private CaptionLayout layout;

    @BeforeAll
    static void loadFont() {
        fonts = new CaptionFonts(CaptionConfig.DEFAULT_FONT_CACHE_SIZE);
    }

    @BeforeEach
    void newLayout() {
        layout = new CaptionLayout(fonts, new FontRenderContext(null, RenderingHints.VALUE_TEXT_ANTIALIAS_ON,
                RenderingHints.VALUE_FRACTIONALMETRICS_ON));
    }

    @Test
    void bundledFontIsDejaVuSansNotASystemFallback() {
        assertEquals("DejaVu Sans", fonts.family());
    }

    @Test
    void blankTextHasNoBlock() {
        assertNull(layout.fit("", WIDTH, HEIGHT));
        assertNull(layout.fit("   ", WIDTH, HEIGHT));
        assertNull(layout.fit(" \u2003 ", WIDTH, HEIGHT), "em space is whitespace too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "HI", "HELLO WORLD", "one does not simply walk into mordor",
            "a caption that goes on for quite a while and then some more words to fill the two lines",
            "Supercalifragilisticexpialidocious", "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8",
            "\ud83d\ude00 emoji \ud83d\ude00", "caf\u00e9 \u00fcber na\u00efve"})
    void everyLineFitsTheWidthAndTheBlockFitsTheHeight(String text) {
        CaptionLayout.Block block = layout.fit(text, WIDTH, HEIGHT);
        assertTrue(block.lines().size() <= 2, "at most two lines");
        for (TextLayout line : block.lines()) {
            assertTrue(line.getAdvance() <= WIDTH, "line width " + line.getAdvance());
        }
        assertTrue(block.lines().size() * block.lineHeight() <= HEIGHT + 0.5f,
                "block height " + block.lines().size() * block.lineHeight());
    }

    @Test
    void shortTextIsOneBigLine() {
        CaptionLayout.Block block = layout.fit("HI", WIDTH, HEIGHT);
        assertEquals(1, block.lines().size());
        assertTrue(block.font().getSize() >= 55, "size " + block.font().getSize());
    }

    @Test
    void longerTextGetsSmaller() {
        int previous = Integer.MAX_VALUE;
        for (String text : List.of("HI", "HELLO THERE", "HELLO THERE GENERAL KENOBI",
                "HELLO THERE GENERAL KENOBI YOU ARE A BOLD ONE INDEED")) {
            int size = layout.fit(text, WIDTH, HEIGHT).font().getSize();
            assertTrue(size < previous, text + " at " + size + " px, previous " + previous);
            previous = size;
        }
    }

    @Test
    void wideTextWrapsIntoTwoBalancedLines() {
        CaptionLayout.Block block = layout.fit("when the build is green on the first try", WIDTH, HEIGHT);
        assertEquals(2, block.lines().size());
        float first = block.lines().get(0).getAdvance();
        float second = block.lines().get(1).getAdvance();
        assertTrue(Math.abs(first - second) < 0.35f * Math.max(first, second), first + " vs " + second);
    }

    @Test
    void runsOfSpacesCollapse() {
        CaptionLayout.Block spaced = layout.fit("  HELLO     WORLD  ", WIDTH, HEIGHT);
        CaptionLayout.Block plain = layout.fit("HELLO WORLD", WIDTH, HEIGHT);
        assertEquals(plain.font().getSize(), spaced.font().getSize());
        assertEquals(plain.lines().getFirst().getAdvance(), spaced.lines().getFirst().getAdvance(), 0.01f);
    }

    @Test
    void textTooLongForTwoLinesIsCutWithAnEllipsisAtTheMinimumSize() {
        String longest = "x".repeat(CaptionRequest.MAX_CAPTION_LENGTH);
        CaptionLayout.Block block = layout.fit(longest, WIDTH, HEIGHT);
        assertEquals(CaptionLayout.MIN_FONT_SIZE, block.font().getSize());
        assertEquals(2, block.lines().size());
        for (TextLayout line : block.lines()) {
            assertTrue(line.getAdvance() <= WIDTH, "line width " + line.getAdvance());
        }
        assertEquals("x".repeat(block.texts().get(0).length()), block.texts().get(0));
        assertTrue(block.texts().get(1).endsWith("x\u2026"), block.texts().get(1));
    }

    @Test
    void cutKeepsWholeWords() {
        String words = "lorem ipsum dolor sit amet ".repeat(8).strip();
        CaptionLayout.Block block = layout.fit(words, WIDTH, HEIGHT);
        assertEquals(CaptionLayout.MIN_FONT_SIZE, block.font().getSize());
        assertEquals(2, block.lines().size());
        for (TextLayout line : block.lines()) {
            assertTrue(line.getAdvance() <= WIDTH, "line width " + line.getAdvance());
        }
        String first = block.texts().get(0);
        String second = block.texts().get(1);
        assertTrue(words.startsWith(first + " "), "first line ends at a word: " + first);
        assertTrue(second.endsWith("\u2026"), second);
        String kept = second.substring(0, second.length() - 1);
        assertTrue(words.startsWith(first + " " + kept + " "), "second line ends at a word: " + second);
    }

    @Test
    void lineTextsAreTheWordsInOrder() {
        String text = "when the build is green on the first try";
        CaptionLayout.Block block = layout.fit(text, WIDTH, HEIGHT);
        assertEquals(text, String.join(" ", block.texts()));
    }
}
