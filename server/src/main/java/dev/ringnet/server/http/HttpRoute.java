package dev.ringnet.server.http;

/**
 * What answers requests for one path (or, for the static files, every path no other route takes).
 *
 * <p>{@link #handle} is called on the connection's event loop, once per request, in the order requests arrived;
 * the next request on that connection waits until this one is answered. It must answer exactly once, through the
 * exchange's {@code respond} methods, now or later and from any thread; blocking work belongs on a worker
 * thread (as {@link ServerContext#captions()} renders), never on the event loop. An exception thrown from
 * {@code handle} before it has answered is answered with 500.
 */
@FunctionalInterface
public interface HttpRoute {
    /** Answers {@code exchange}. See the type's contract. */
    void handle(HttpExchange exchange) throws Exception;
}
