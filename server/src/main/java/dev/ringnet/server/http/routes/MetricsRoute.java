package dev.ringnet.server.http.routes;

import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.HttpRoute;
import dev.ringnet.server.http.Responses;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format. Scraping formats a few kilobytes on the event
 * loop; it is meant for one scraper every few seconds, not for load. Stateless; any thread.
 */
public final class MetricsRoute implements HttpRoute {
    /** The content type of the Prometheus text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    public void handle(HttpExchange exchange) {
        if (!Methods.allow(exchange, HttpMethod.GET, HttpMethod.HEAD)) {
            return;
        }
        byte[] body = exchange.server().metrics().scrape().getBytes(StandardCharsets.UTF_8);
        exchange.respond(Responses.withBody(exchange.alloc(), HttpResponseStatus.OK, CONTENT_TYPE, body));
    }
}
