package dev.ringnet.server.caption;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;

/**
 * The {@code /caption} parameters through the route's own parsing ({@link CaptionHttp#fromQuery} for GET,
 * {@link CaptionHttp#fromBody} for POST): either a {@link CaptionRequest} that passes its own checks, or a
 * {@link CaptionInputException} naming a field (answered 400); any other exception fails the test.
 *
 * <p>Replays the committed inputs in {@code CaptionInputFuzzTestInputs/} in a normal build; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class CaptionInputFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void queryAndBodyParseOrNameTheField(FuzzedDataProvider data) {
        String query = data.consumeString(600);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            accepted(CaptionHttp.fromQuery("/caption?" + query));
        } catch (CaptionInputException e) {
            namesAField(e);
        }
        try {
            accepted(CaptionHttp.fromBody(Unpooled.wrappedBuffer(body)));
        } catch (CaptionInputException e) {
            namesAField(e);
        }
    }

    private static void accepted(CaptionRequest request) {
        // The record's constructor checks every field: a value that is here passed them.
        if (request.template().isEmpty()
                || request.top().codePointCount(0, request.top().length()) > CaptionRequest.MAX_CAPTION_LENGTH
                || request.bottom().codePointCount(0, request.bottom().length()) > CaptionRequest.MAX_CAPTION_LENGTH) {
            throw new AssertionError("accepted a request its own checks refuse: " + request);
        }
    }

    private static void namesAField(CaptionInputException e) {
        // The field may be empty: it is the client's own key when that is what is wrong ({"": 1}).
        if (e.field() == null || e.getMessage() == null || e.getMessage().isEmpty()) {
            throw new AssertionError("a caption error must name the field and say what is wrong", e);
        }
    }
}
