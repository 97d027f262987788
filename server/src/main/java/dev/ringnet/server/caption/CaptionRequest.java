package dev.ringnet.server.caption;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One valid caption request: which template, and the text for the top and the bottom of the image.
 *
 * <p>Every instance is valid: the constructor checks the fields, and the parsers ({@link #fromQuery},
 * {@link #fromJson}) also reject unknown and repeated fields, so a typo such as {@code botom=} is an error, not
 * a silently empty caption. Whether the template exists is not known here; {@link CaptionService#submit} checks
 * that against its {@link TemplateCache}.
 *
 * <p>The rules, each failing with a {@link CaptionInputException} naming the field:
 * <ul>
 *   <li>{@code template} is required and non-empty;</li>
 *   <li>{@code top} and {@code bottom} are optional (absent means no text there), at most
 *       {@value #MAX_CAPTION_LENGTH} characters (Unicode code points, so an emoji counts once), with no control
 *       characters (C0, DEL, C1), no line or paragraph separators, and no lone surrogates.</li>
 * </ul>
 * Immutable; any thread.
 *
 * @param template the template name
 * @param top      text for the top of the image, possibly empty
 * @param bottom   text for the bottom of the image, possibly empty
 */
public record CaptionRequest(String template, String top, String bottom) {

    /** Most characters (code points) in one caption. */
    public static final int MAX_CAPTION_LENGTH = 200;

    private static final Set<String> FIELDS = Set.of("template", "top", "bottom");

    /**
     * Checks the fields; {@code null} top or bottom become empty.
     *
     * @throws CaptionInputException naming the first bad field, in the order template, top, bottom
     */
    public CaptionRequest {
        if (template == null || template.isEmpty()) {
            throw new CaptionInputException("template", "missing template");
        }
        top = top == null ? "" : top;
        bottom = bottom == null ? "" : bottom;
        checkCaption("top", top);
        checkCaption("bottom", bottom);
    }

    /**
     * The request in decoded query parameters, as Netty's {@code QueryStringDecoder.parameters()} gives them.
     *
     * @throws CaptionInputException for an unknown or repeated parameter, or a bad value
     */
    public static CaptionRequest fromQuery(Map<String, List<String>> parameters) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            checkKnown(name);
            if (parameter.getValue().size() != 1) {
                throw new CaptionInputException(name, "repeated parameter");
            }
            fields.put(name, parameter.getValue().getFirst());
        }
        return fromFields(fields);
    }

    /**
     * The request in a JSON body such as {@code {"template":"dots","top":"hi","bottom":"there"}}.
     *
     * @throws CaptionInputException field {@code "body"} for malformed JSON; otherwise naming the field that is
     *                               unknown, repeated, not a string, or has a bad value
     */
    public static CaptionRequest fromJson(String body) {
        Map<String, String> fields = FlatJson.parseObject(body);
        for (String name : fields.keySet()) {
            checkKnown(name);
        }
        return fromFields(fields);
    }

    private static CaptionRequest fromFields(Map<String, String> fields) {
        return new CaptionRequest(fields.get("template"), fields.get("top"), fields.get("bottom"));
    }

    private static void checkKnown(String name) {
        if (!FIELDS.contains(name)) {
            throw new CaptionInputException(name, "unknown field (known: template, top, bottom)");
        }
    }

    private static void checkCaption(String field, String text) {
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            // codePointAt returns a lone surrogate as itself: text from \ud800 escapes or bad decoding.
            if (Character.getType(cp) == Character.SURROGATE) {
                throw new CaptionInputException(field, "lone surrogate at character " + count);
            }
            if (Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029') {
                throw new CaptionInputException(field, "control character at character " + count);
            }
            if (++count > MAX_CAPTION_LENGTH) {
                throw new CaptionInputException(field,
                        "caption too long (at most " + MAX_CAPTION_LENGTH + " characters)");
            }
            i += Character.charCount(cp);
        }
    }
}
