package dev.ringnet.server.http;

import dev.ringnet.server.net.Connections;
import dev.ringnet.server.net.PeerErrors;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in an HTTP connection's pipeline: takes each complete request, answers malformed and oversized ones, and
 * hands the others to their route, one at a time, so that pipelined requests are answered in the order they came
 * even when a route answers later from another thread.
 *
 * <p>Requests that arrive while one is being answered wait in a queue; reading pauses while the queue is long or
 * the socket is not writable, so a client that pipelines without reading cannot make the server buffer without
 * bound. On {@link Connections#DRAIN} an idle connection closes at once and a busy one closes after its current
 * answer, which says {@code Connection: close}. One per connection; its event loop.
 */
final class HttpExchangeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpExchangeHandler.class);
    /** Requests waiting beyond the one being answered before reading pauses. */
    private static final int MAX_QUEUED = 16;

    private final ServerContext server;
    private final Router router;
    private final HttpConnectionState state;
    private final int maxUriLength;
    /**
     * Requests waiting while one is answered; made on the first request that has to wait (pipelining), so that a
     * connection answered one request at a time, the common case, never holds one.
     */
    private ArrayDeque<FullHttpRequest> queued;
    private ChannelHandlerContext ctx;
    private HttpExchange current;
    private boolean dispatching;
    private boolean readPaused;
    private boolean draining;
    private boolean closing;

    HttpExchangeHandler(ServerContext server, Router router, HttpConnectionState state) {
        this.server = server;
        this.router = router;
        this.state = state;
        this.maxUriLength = server.config().maxUriLength();
    }

    ServerContext server() {
        return server;
    }

    /** The connection is closing: answers still to come are dropped. */
    boolean isClosing() {
        return closing;
    }

    /** The answer being written must close the connection (shutting down). */
    boolean mustCloseAfterResponse() {
        return draining || server.isDraining();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            request.release();
            return;
        }
        boolean startNow = current == null && !dispatching;
        if (startNow && queuedCount() == 0) {
            dispatchQueued(request);
            return;
        }
        if (queued == null) {
            queued = new ArrayDeque<>();
        }
        queued.add(request);
        if (startNow) {
            dispatchQueued(null);
        } else {
            updateReading();
        }
    }

    /**
     * Starts {@code first} (if not null: a request that would have been the only one queued), then queued requests,
     * until one is left unanswered for now. Iterative: sync answers must not recurse.
     */
    private void dispatchQueued(FullHttpRequest first) {
        dispatching = true;
        try {
            if (first != null) {
                start(first);
            }
            FullHttpRequest next;
            while (current == null && !closing && (next = pollQueued()) != null) {
                start(next);
            }
        } finally {
            dispatching = false;
        }
        updateReading();
        if (current == null && draining && !closing && state.idle()) {
            closeWhenSent();
        }
    }

    private void start(FullHttpRequest request) {
        HttpExchange exchange = new HttpExchange(this, ctx, request);
        current = exchange;
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            rejectUndecodable(exchange, result.cause());
            return;
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            // RFC 9112 section 3.2: an HTTP/1.1 request with no Host, or more than one, is answered 400.
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            exchange.respondError(HttpResponseStatus.BAD_REQUEST, "an HTTP/1.1 request needs exactly one Host header");
            return;
        }
        String framing = RequestFraming.problem(request.headers());
        if (framing != null) {
            // The body's end is uncertain, so whatever follows it on this connection is too: close.
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            exchange.respondError(HttpResponseStatus.BAD_REQUEST, "ambiguous request framing: " + framing);
            return;
        }
        if (request.uri().length() > maxUriLength) {
            exchange.respondError(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request target longer than "
                    + maxUriLength + " characters");
            return;
        }
        try {
            router.routeFor(exchange.path()).handle(exchange);
        } catch (Exception e) {
            log.warn("{} {} failed: {}", request.method(), exchange.path(), e.toString(), e);
            if (current == exchange) {
                exchange.respondError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "");
            }
        }
    }

    /**
     * A request the codec could not read, or whose body is too large. After a decoding failure the decoder reads
     * nothing more on this connection, so the answer closes it; an oversized body that can be skipped is the one
     * case that may keep the connection (the aggregator decided, and said so in the request's headers).
     */
    private void rejectUndecodable(HttpExchange exchange, Throwable cause) {
        HttpResponseStatus status;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        } else if (cause instanceof TooLongHttpContentException) {
            status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
        }
        if (!(cause instanceof TooLongHttpContentException)) {
            exchange.request().headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        log.debug("{}: rejecting an undecodable request with {}: {}", ctx.channel(), status.code(), cause.toString());
        String detail = cause instanceof TooLongFrameException || cause instanceof TooLongHttpContentException
                ? cause.getMessage() : "malformed request";
        exchange.respondError(status, detail);
    }

    /** {@code exchange} has been answered (or dropped); {@code closed} says the connection is closing. */
    void exchangeDone(HttpExchange exchange, boolean closed) {
        if (exchange != current) {
            return;
        }
        current = null;
        if (closed) {
            closing = true;
            releaseQueued();
            return;
        }
        if (!dispatching) {
            dispatchQueued(null);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt != Connections.DRAIN) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        draining = true;
        if (current == null && queuedCount() == 0 && !closing && state.idle()) {
            closeWhenSent();
        }
        // Otherwise the answer in progress carries Connection: close and closes the connection.
    }

    /** Closes once everything written so far has gone out. */
    private void closeWhenSent() {
        closing = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    private void updateReading() {
        boolean pause = queuedCount() >= MAX_QUEUED || !ctx.channel().isWritable();
        // Not on a closed channel: NIO's autoRead change asserts the channel is still registered.
        if (pause != readPaused && ctx.channel().isOpen()) {
            readPaused = pause;
            ctx.channel().config().setAutoRead(!pause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseQueued();
        ctx.fireChannelInactive();
    }

    private void releaseQueued() {
        FullHttpRequest request;
        while ((request = pollQueued()) != null) {
            ReferenceCountUtil.release(request);
        }
    }

    private int queuedCount() {
        return queued == null ? 0 : queued.size();
    }

    private FullHttpRequest pollQueued() {
        return queued == null ? null : queued.poll();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        PeerErrors.logClosing(log, ctx.channel(), cause);
        closing = true;
        ctx.close();
    }
}
