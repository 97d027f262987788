package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaptionRequestTest {

    @Test
    void fromQueryTakesAllThreeFields() {
        CaptionRequest request =
                CaptionRequest.fromQuery(query("template", "dots", "top", "hi there", "bottom", "bye"));
        assertEquals(new CaptionRequest("dots", "hi there", "bye"), request);
    }

    @Test
    void fromJsonTakesAllThreeFields() {
        CaptionRequest request = CaptionRequest.fromJson("{\"template\":\"dots\",\"top\":\"hi\",\"bottom\":\"bye\"}");
        assertEquals(new CaptionRequest("dots", "hi", "bye"), request);
    }

    @Test
    void captionsAreOptional() {
        assertEquals(new CaptionRequest("dots", "", ""), CaptionRequest.fromQuery(query("template", "dots")));
        assertEquals(new CaptionRequest("dots", "", ""), CaptionRequest.fromJson("{\"template\":\"dots\"}"));
    }

    @Test
    void missingOrEmptyTemplateIsNamed() {
        assertInput("template", "missing template", () -> CaptionRequest.fromQuery(query("top", "hi")));
        assertInput("template", "missing template", () -> CaptionRequest.fromQuery(query("template", "")));
        assertInput("template", "missing template", () -> CaptionRequest.fromJson("{\"top\":\"hi\"}"));
    }

    @Test
    void captionOfExactlyTheLimitIsAcceptedAndOneMoreIsNot() {
        String limit = "x".repeat(CaptionRequest.MAX_CAPTION_LENGTH);
        assertEquals(limit, new CaptionRequest("dots", limit, "").top());
        assertInput("top", "caption too long (at most 200 characters)",
                () -> new CaptionRequest("dots", limit + "x", ""));
        assertInput("bottom", "caption too long (at most 200 characters)",
                () -> CaptionRequest.fromJson("{\"template\":\"dots\",\"bottom\":\"" + limit + "y\"}"));
    }

    @Test
    void lengthCountsCodePointsNotChars() {
        String emoji = "\ud83d\ude00".repeat(CaptionRequest.MAX_CAPTION_LENGTH); // 400 chars, 200 code points
        assertEquals(emoji, new CaptionRequest("dots", emoji, "").top());
        assertInput("top", "caption too long (at most 200 characters)",
                () -> new CaptionRequest("dots", emoji + "\ud83d\ude00", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "tab\there", "line\nbreak", "cr\r", "del\u007f", "c1\u0085", "\u009b",
            "ls\u2028", "ps\u2029"})
    void controlCharactersAreRejected(String text) {
        assertInput("bottom", null, () -> new CaptionRequest("dots", "fine", text));
        CaptionInputException e = assertThrows(CaptionInputException.class,
                () -> new CaptionRequest("dots", text, ""));
        assertEquals("top", e.field());
        assertTrue(e.getMessage().startsWith("control character at character "), e.getMessage());
    }

    @Test
    void controlCharacterFromJsonEscapeIsRejected() {
        assertInput("top", "control character at character 2",
                () -> CaptionRequest.fromJson("{\"template\":\"dots\",\"top\":\"hi\\u0007\"}"));
    }

    @Test
    void loneSurrogateIsRejected() {
        assertInput("top", "lone surrogate at character 1",
                () -> CaptionRequest.fromJson("{\"template\":\"dots\",\"top\":\"a\\ud800b\"}"));
        assertInput("bottom", "lone surrogate at character 0", () -> new CaptionRequest("dots", "", "\udc00"));
    }

    @Test
    void unknownFieldIsNamedSoTyposAreCaught() {
        assertInput("botom", "unknown field (known: template, top, bottom)",
                () -> CaptionRequest.fromQuery(query("template", "dots", "botom", "hi")));
        assertInput("colour", "unknown field (known: template, top, bottom)",
                () -> CaptionRequest.fromJson("{\"template\":\"dots\",\"colour\":\"red\"}"));
    }

    @Test
    void unknownFieldNameIsTruncatedInTheError() {
        String longName = "n".repeat(500);
        CaptionInputException e = assertThrows(CaptionInputException.class,
                () -> CaptionRequest.fromQuery(query("template", "dots", longName, "x")));
        assertEquals("n".repeat(64), e.field());
    }

    @Test
    void repeatedQueryParameterIsNamed() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("template", List.of("dots"));
        parameters.put("top", List.of("a", "b"));
        assertInput("top", "repeated parameter", () -> CaptionRequest.fromQuery(parameters));
    }

    @Test
    void firstBadFieldIsReported() {
        String tooLong = "x".repeat(CaptionRequest.MAX_CAPTION_LENGTH + 1);
        assertInput("template", "missing template", () -> new CaptionRequest(null, tooLong, tooLong));
        assertInput("top", "caption too long (at most 200 characters)",
                () -> new CaptionRequest("dots", tooLong, "\u0000"));
    }

    private static void assertInput(String field, String message, Runnable parse) {
        CaptionInputException e = assertThrows(CaptionInputException.class, parse::run);
        assertEquals(field, e.field(), "field of: " + e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }

    private static Map<String, List<String>> query(String... namesAndValues) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return parameters;
    }
}
