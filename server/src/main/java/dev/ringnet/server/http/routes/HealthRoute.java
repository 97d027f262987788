package dev.ringnet.server.http.routes;

import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.HttpRoute;
import dev.ringnet.server.http.Responses;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /healthz}: 200 {@code ok} while serving, 503 {@code draining} once a shutdown has begun, so a load
 * balancer stops sending new work. Stateless; any thread.
 */
public final class HealthRoute implements HttpRoute {
    @Override
    public void handle(HttpExchange exchange) {
        if (!Methods.allow(exchange, HttpMethod.GET, HttpMethod.HEAD)) {
            return;
        }
        if (exchange.server().isDraining()) {
            exchange.respond(Responses.text(exchange.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, "draining\n"));
        } else {
            exchange.respond(Responses.text(exchange.alloc(), HttpResponseStatus.OK, "ok\n"));
        }
    }
}
