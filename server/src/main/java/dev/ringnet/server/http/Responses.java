package dev.ringnet.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Small complete responses: plain text bodies and error pages. Any thread. */
public final class Responses {
    /** Content type of the plain text bodies made here. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private Responses() {
    }

    /** A response with {@code body} as UTF-8 plain text. */
    public static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String body) {
        return withBody(alloc, status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with {@code body} of {@code contentType}. */
    public static FullHttpResponse withBody(ByteBufAllocator alloc, HttpResponseStatus status, String contentType,
                                            byte[] body) {
        ByteBuf content = alloc.buffer(body.length);
        content.writeBytes(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).setInt(HttpHeaderNames.CONTENT_LENGTH,
                body.length);
        return response;
    }

    /** An error page: the status line and {@code detail}, as plain text. */
    public static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String detail) {
        return text(alloc, status, status.code() + " " + status.reasonPhrase() + (detail.isEmpty() ? "" : ": " + detail)
                + "\n");
    }
}
