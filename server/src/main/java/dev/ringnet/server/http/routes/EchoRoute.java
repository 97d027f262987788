package dev.ringnet.server.http.routes;

import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.HttpRoute;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * {@code POST /echo}: answers with the request body and its content type. The body is bounded by
 * {@code --max-body-size} (larger ones get 413 before they get here). Stateless; any thread.
 */
public final class EchoRoute implements HttpRoute {
    @Override
    public void handle(HttpExchange exchange) {
        if (!Methods.allow(exchange, HttpMethod.POST)) {
            return;
        }
        FullHttpRequest request = exchange.request();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                request.content().retainedDuplicate());
        CharSequence type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type != null ? type : HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
        exchange.respond(response);
    }
}
