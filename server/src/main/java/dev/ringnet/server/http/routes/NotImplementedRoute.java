package dev.ringnet.server.http.routes;

import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.HttpRoute;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Holds the place of a route that is planned but not written: answers 501 saying so. {@code /caption} is one
 * until its renderer lands. Stateless; any thread.
 */
public final class NotImplementedRoute implements HttpRoute {
    private final String what;

    /** A placeholder answering that {@code what} is not implemented yet. */
    public NotImplementedRoute(String what) {
        this.what = what;
    }

    @Override
    public void handle(HttpExchange exchange) {
        exchange.respondError(HttpResponseStatus.NOT_IMPLEMENTED, what + " is not implemented yet");
    }
}
