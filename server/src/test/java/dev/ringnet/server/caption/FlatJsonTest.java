package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatJsonTest {

    @Test
    void readsMembersInOrderWithEveryEscape() {
        Map<String, String> members = FlatJson.parseObject(" {\"template\" : \"dots\",\n\t"
                + "\"top\":\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\n\\t\" , \"bottom\":\"\"}\r\n");
        assertEquals(List.of("template", "top", "bottom"), List.copyOf(members.keySet()));
        assertEquals("dots", members.get("template"));
        assertEquals("a\"b\\c/d\u00e9\ud83d\ude00\n\t", members.get("top"));
        assertEquals("", members.get("bottom"));
    }

    @Test
    void emptyObjectIsEmpty() {
        assertEquals(Map.of(), FlatJson.parseObject("{ }"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "[]", "\"x\"", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\" \"b\"}", "{\"a\":\"b\",}",
            "{,}", "{a:\"b\"}", "{'a':'b'}", "{\"a\":\"b\"} x", "{\"a\":\"b\"}{}", "{\"a\":\"b\" \"c\":\"d\"}",
            "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"short \\u12\"}",
            "{\"a\":\"not hex \\u12g4\"}", "{\"a\":\"raw\ttab\"}", "{\"a\":\"raw\nnewline\"}",
            "{\"a\":\"b\"/*comment*/}", "\u00a0{}"
    })
    void malformedBodyIsBlamedOnTheBody(String body) {
        CaptionInputException e = assertThrows(CaptionInputException.class, () -> FlatJson.parseObject(body));
        assertEquals("body", e.field());
        assertTrue(e.getMessage().startsWith("malformed JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains(" at offset "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"top\":1}", "{\"top\":null}", "{\"top\":true}", "{\"top\":{\"x\":\"y\"}}",
            "{\"top\":[\"x\"]}", "{\"template\":\"dots\",\"top\":-1.5e3}"})
    void nonStringValueIsBlamedOnItsKey(String body) {
        CaptionInputException e = assertThrows(CaptionInputException.class, () -> FlatJson.parseObject(body));
        assertEquals("top", e.field());
        assertEquals("must be a string", e.getMessage());
    }

    @Test
    void repeatedKeyIsBlamedOnThatKey() {
        CaptionInputException e = assertThrows(CaptionInputException.class,
                () -> FlatJson.parseObject("{\"top\":\"a\",\"bottom\":\"b\",\"top\":\"c\"}"));
        assertEquals("top", e.field());
        assertEquals("duplicate field", e.getMessage());
    }

    @Test
    void offsetPointsAtTheError() {
        CaptionInputException e = assertThrows(CaptionInputException.class,
                () -> FlatJson.parseObject("{\"a\":\"b\";"));
        assertEquals("malformed JSON: expected '}' at offset 8", e.getMessage());
    }

    @Test
    void quoteEscapesWhatJsonRequiresAndRoundTrips() {
        String nasty = "say \"hi\" \\ \n\r\t\u0001\u001f \u00e9 \ud83d\ude00";
        String quoted = FlatJson.quote(nasty);
        assertEquals("\"say \\\"hi\\\" \\\\ \\n\\r\\t\\u0001\\u001f \u00e9 \ud83d\ude00\"", quoted);
        assertEquals(nasty, FlatJson.parseObject("{\"k\":" + quoted + "}").get("k"));
    }
}
