package dev.ringnet.server.http.routes;

import dev.ringnet.server.caption.CaptionHttp;
import dev.ringnet.server.caption.CaptionService;
import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.HttpRoute;
import dev.ringnet.server.http.Responses;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /caption?template=NAME&top=TEXT&bottom=TEXT} or {@code POST /caption} with the same fields as JSON: a
 * PNG of the template with the captions drawn on it, rendered on the {@link CaptionService}'s workers (see
 * {@link CaptionHttp} for every answer: 400 naming the field, 503 on a full queue, 504 past the deadline). A client
 * that hangs up withdraws its render if it has not started. Stateless; any thread.
 */
public final class CaptionRoute implements HttpRoute {
    private final CaptionService captions;

    /** Renders on {@code captions}. */
    public CaptionRoute(CaptionService captions) {
        this.captions = captions;
    }

    @Override
    public void handle(HttpExchange exchange) {
        // Reads the request now, on the event loop; the exchange may release it once answered.
        CompletableFuture<FullHttpResponse> response = CaptionHttp.respond(exchange.request(), captions);
        if (response.isDone()) {
            exchange.respond(response.join()); // bad input or a full queue: answered without a render
            return;
        }
        ChannelFuture closed = exchange.closeFuture();
        ChannelFutureListener withdraw = f -> response.cancel(false);
        closed.addListener(withdraw);
        response.whenComplete((answer, error) -> {
            // On a render worker or the deadline timer; the exchange hops to the event loop itself.
            closed.removeListener(withdraw);
            // Withdrawn (error is the cancellation): the connection is gone, so this answer is only dropped, but
            // answering is what releases the request and frees the connection's slot.
            exchange.respond(answer != null ? answer
                    : Responses.error(exchange.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, "render withdrawn"));
        });
    }
}
