package dev.ringnet.server.caption;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader for the one JSON shape {@code /caption} accepts, a flat object of string values
 * ({@code {"template":"dots","top":"hi"}}), and a writer for JSON string literals.
 *
 * <p>Why not a JSON library: the shape is one flat object, the whole body is a few hundred bytes, and errors
 * must name the offending field (a value that is not a string is reported against its key). Some 150 lines with
 * their own tests cost less than a dependency and its version to keep in step with the rest of the server.
 *
 * <p>Strict means RFC 8259 for this shape: whitespace only where the grammar allows it, no trailing commas, no
 * comments, no raw control characters inside strings, every escape well formed, nothing after the object, and
 * no key twice. Escapes are decoded as written; whether the decoded text is acceptable (no control characters,
 * no lone surrogates) is {@link CaptionRequest}'s business. Stateless; any thread.
 */
final class FlatJson {

    private final String text;
    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * Reads {@code text} as one flat JSON object of string values, in document order.
     *
     * @throws CaptionInputException field {@code "body"} when it is not such an object (with the offset of the
     *                               first error), or field KEY when KEY's value is not a string or KEY repeats
     */
    static Map<String, String> parseObject(String text) {
        return new FlatJson(text).object();
    }

    /** {@code s} as a JSON string literal, quotes included. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Map<String, String> object() {
        Map<String, String> members = new LinkedHashMap<>();
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (peek() != '"') {
                    // Blame the key when a value of another type starts here; otherwise the JSON is just broken.
                    if (peek() >= 0 && "-0123456789tfn{[".indexOf(peek()) >= 0) {
                        throw new CaptionInputException(key, "must be a string");
                    }
                    throw malformed("expected a string value");
                }
                if (members.putIfAbsent(key, string()) != null) {
                    throw new CaptionInputException(key, "duplicate field");
                }
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                break;
            }
        }
        skipWhitespace();
        if (pos != text.length()) {
            throw malformed("nothing may follow the object");
        }
        return members;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw malformed("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            } else if (c == '\\') {
                out.append(escape());
            } else if (c < 0x20) {
                throw malformed("raw control character in string, escape it");
            } else {
                out.append(c);
            }
        }
    }

    private char escape() {
        if (pos >= text.length()) {
            throw malformed("unterminated escape");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape();
            default -> {
                pos--;
                throw malformed("bad escape \\" + c);
            }
        };
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw malformed("\\u needs four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw malformed("\\u needs four hex digits");
            }
            value = value << 4 | digit;
            pos++;
        }
        return (char) value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw malformed(pos >= text.length() ? "expected '" + c + "' but the body ended" : "expected '" + c + "'");
        }
        pos++;
    }

    private CaptionInputException malformed(String why) {
        return new CaptionInputException("body", "malformed JSON: " + why + " at offset " + pos);
    }
}
