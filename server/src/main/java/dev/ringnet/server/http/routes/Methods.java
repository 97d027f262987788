package dev.ringnet.server.http.routes;

import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Method checks for routes. Any thread. */
public final class Methods {
    private Methods() {
    }

    /**
     * Whether the request's method is one of {@code allowed}; if not, answers 405 with an {@code Allow} header.
     */
    public static boolean allow(HttpExchange exchange, HttpMethod... allowed) {
        HttpMethod method = exchange.request().method();
        StringBuilder allow = new StringBuilder();
        for (HttpMethod m : allowed) {
            if (m.equals(method)) {
                return true;
            }
            allow.append(allow.isEmpty() ? "" : ", ").append(m.name());
        }
        FullHttpResponse response = Responses.error(exchange.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                method.name() + " is not allowed here");
        response.headers().set(HttpHeaderNames.ALLOW, allow.toString());
        exchange.respond(response);
        return false;
    }
}
