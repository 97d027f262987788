package dev.ringnet.server.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its answer. Created on the connection's event loop and handed to an {@link HttpRoute}; the
 * route answers once with one of the {@code respond} methods, from any thread.
 *
 * <p>Answering decides the connection's fate: it stays open when the client asked for keep-alive and the server
 * is not shutting down; otherwise the response says {@code Connection: close} and the connection closes once it is
 * sent. The request (and its body) is released once the answer has been written.
 */
public final class HttpExchange {
    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

    private final HttpExchangeHandler handler;
    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final String path;
    private QueryStringDecoder query;
    /** Event loop only. */
    private boolean answered;

    HttpExchange(HttpExchangeHandler handler, ChannelHandlerContext ctx, FullHttpRequest request) {
        this.handler = handler;
        this.ctx = ctx;
        this.request = request;
        this.path = pathOf(request.uri());
    }

    /**
     * The path of a request target: origin form ({@code /a/b?q}) as it is, absolute form
     * ({@code http://host/a/b?q}, which HTTP/1.1 servers must accept) without its scheme and authority.
     */
    static String pathOf(String uri) {
        int start = 0;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme > 0) {
                int slash = uri.indexOf('/', scheme + 3);
                if (slash < 0) {
                    return "/";
                }
                start = slash;
            }
        }
        int end = uri.indexOf('?', start);
        int fragment = uri.indexOf('#', start);
        if (fragment >= 0 && (end < 0 || fragment < end)) {
            end = fragment;
        }
        return uri.substring(start, end < 0 ? uri.length() : end);
    }

    /** The request, body included. Valid until the exchange is answered. */
    public FullHttpRequest request() {
        return request;
    }

    /** The request target's path, still percent-encoded, without the query. */
    public String path() {
        return path;
    }

    /** The request target's query parameters, decoded. */
    public QueryStringDecoder query() {
        if (query == null) {
            query = new QueryStringDecoder(request.uri());
        }
        return query;
    }

    /** Whether the request is a HEAD: its answer is sent without a body (the body given is released). */
    public boolean isHead() {
        return request.method().equals(HttpMethod.HEAD);
    }

    /** The allocator for response bodies. */
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** The connection's event loop. */
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /** Completes when the connection closes, answered or not. */
    public ChannelFuture closeFuture() {
        return ctx.channel().closeFuture();
    }

    /** The server this exchange belongs to. */
    public ServerContext server() {
        return handler.server();
    }

    /** Answers with a complete response. Any thread; once per exchange. */
    public void respond(FullHttpResponse response) {
        respond(response, null);
    }

    /** Answers with {@code status} and {@code detail} as a plain text error page. Any thread; once. */
    public void respondError(HttpResponseStatus status, String detail) {
        respond(Responses.error(alloc(), status, detail));
    }

    /**
     * Answers with {@code head} followed by {@code body}: a {@link FileRegion} (sent zero-copy where the transport
     * can), a {@link ChunkedInput} of {@code HttpContent} (it must end with a {@link LastHttpContent}), or null
     * when {@code head} is a complete response. {@code head} must carry the Content-Length. Any thread; once.
     */
    public void respond(HttpResponse head, Object body) {
        if (ctx.executor().inEventLoop()) {
            respond0(head, body);
        } else {
            ctx.executor().execute(() -> respond0(head, body));
        }
    }

    private void respond0(HttpResponse head, Object body) {
        if (answered) {
            ReferenceCountUtil.release(head);
            releaseBody(body);
            log.error("{} {} was answered twice; the second answer ({}) is dropped", request.method(), path,
                    head.status());
            return;
        }
        answered = true;
        try {
            if (!ctx.channel().isActive() || handler.isClosing()) {
                ReferenceCountUtil.release(head);
                releaseBody(body);
                handler.exchangeDone(this, true);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request) && !handler.mustCloseAfterResponse();
            setConnectionHeader(head.headers(), keepAlive);
            head.headers().set(HttpHeaderNames.DATE, HttpDate.now());
            ChannelFuture sent = write(head, body);
            if (!keepAlive) {
                sent.addListener(ChannelFutureListener.CLOSE);
            }
            handler.exchangeDone(this, !keepAlive);
        } finally {
            request.release();
        }
    }

    private void setConnectionHeader(HttpHeaders headers, boolean keepAlive) {
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            headers.remove(HttpHeaderNames.CONNECTION);
        }
    }

    private ChannelFuture write(HttpResponse head, Object body) {
        if (head instanceof FullHttpResponse full) {
            if (!full.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && hasBody(full.status())) {
                full.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, full.content().readableBytes());
            }
            // The codec drops the body of an answer to HEAD (it knows the request's method) and keeps its length.
            return ctx.writeAndFlush(full);
        }
        if (body == null || isHead()) {
            releaseBody(body);
            ctx.write(head);
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        ctx.write(head);
        if (body instanceof FileRegion region) {
            ctx.write(region);
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        // A ChunkedInput: ChunkedWriteHandler turns it into HttpContent, the last one a LastHttpContent.
        return ctx.writeAndFlush(body);
    }

    /** Whether a response with {@code status} has a body (and so a length); 1xx, 204 and 304 have none. */
    private static boolean hasBody(HttpResponseStatus status) {
        int code = status.code();
        return code >= 200 && code != 204 && code != 304;
    }

    private static void releaseBody(Object body) {
        if (body instanceof ChunkedInput<?> input) {
            try {
                input.close();
            } catch (Exception e) {
                log.warn("closing an unsent response body failed: {}", e.toString());
            }
        } else {
            ReferenceCountUtil.release(body);
        }
    }
}
