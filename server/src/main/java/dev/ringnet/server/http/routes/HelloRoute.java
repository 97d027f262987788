package dev.ringnet.server.http.routes;

import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.HttpRoute;
import dev.ringnet.server.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /hello}: a fixed small plain text body, the benchmark's request. The body lives in one shared
 * direct buffer that is never freed, so answering allocates no body. Stateless; any thread.
 */
public final class HelloRoute implements HttpRoute {
    /** The body every answer carries. */
    public static final String BODY = "Hello, World!\n";
    private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(BODY.length()).writeBytes(BODY.getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    @Override
    public void handle(HttpExchange exchange) {
        if (!Methods.allow(exchange, HttpMethod.GET, HttpMethod.HEAD)) {
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                CONTENT.duplicate());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Responses.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length());
        exchange.respond(response);
    }
}
