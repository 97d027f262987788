package dev.ringnet.server.caption;

/**
 * The request is wrong and retrying it unchanged will not help (HTTP 400): the {@linkplain #getMessage() message}
 * says what is wrong (e.g. {@code "unknown template"}) and {@link #field()} which field of the request it is
 * about ({@code "template"}, {@code "top"}, {@code "bottom"}, {@code "body"} for the JSON body as a whole,
 * {@code "query"} for the query string, or the name of an unknown field).
 */
public final class CaptionInputException extends CaptionException {

    /** Longest field name echoed back; an unknown field's name is the client's text and could be anything. */
    private static final int MAX_FIELD_NAME = 64;

    private final String field;

    /** A 400 about {@code field}; any thread. */
    public CaptionInputException(String field, String message) {
        super(message);
        this.field = field.length() <= MAX_FIELD_NAME ? field : field.substring(0, MAX_FIELD_NAME);
    }

    /** The request field the error is about, at most 64 characters. */
    public String field() {
        return field;
    }
}
