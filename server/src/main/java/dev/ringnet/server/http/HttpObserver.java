package dev.ringnet.server.http;

import dev.ringnet.server.metrics.ServerMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Right after the HTTP codec: sees every decoded request and every response on its way out, whoever wrote it
 * (routes, or the aggregator's own 413 and 100 Continue). Counts responses by status, times each request from
 * head decoded to its last response byte handed to the kernel, and keeps {@link HttpConnectionState} current.
 * One per connection; its event loop.
 */
final class HttpObserver extends ChannelDuplexHandler {
    private final ServerMetrics metrics;
    private final HttpConnectionState state;
    private final HttpConnectionTimeouts timeouts;
    /** Start time of the oldest request not yet answered, when {@code size > 0}. */
    private long oldestStart;
    /**
     * Start times of the later requests not yet answered (pipelining), oldest first: a ring of longs holding
     * {@code size - 1}, made when a second request arrives before the first is answered, so that a connection
     * answered one request at a time never holds one.
     */
    private long[] laterStarts;
    private int head;
    /** Requests not yet answered. */
    private int size;
    /** The response being written is an interim one (100 Continue): its end is not a request's end. */
    private boolean interim;

    HttpObserver(ServerMetrics metrics, HttpConnectionState state, HttpConnectionTimeouts timeouts) {
        this.metrics = metrics;
        this.state = state;
        this.timeouts = timeouts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            timeouts.headDecoded();
            state.requestsStarted++;
            pushStart(System.nanoTime());
            state.readingBody = !(msg instanceof LastHttpContent);
        } else if (msg instanceof LastHttpContent) {
            state.readingBody = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (!interim) {
                metrics.response(response.status().code());
            }
        }
        if (msg instanceof LastHttpContent && !interim) {
            state.responsesWritten++;
            if (size > 0) {
                long start = popStart();
                ChannelFuture written = ctx.write(msg, promise.unvoid());
                written.addListener((ChannelFutureListener) f -> metrics.requestDuration(System.nanoTime() - start));
                return;
            }
        }
        ctx.write(msg, promise);
    }

    private void pushStart(long nanos) {
        if (size == 0) {
            oldestStart = nanos;
            size = 1;
            return;
        }
        int later = size - 1;
        if (laterStarts == null) {
            laterStarts = new long[4];
        } else if (later == laterStarts.length) {
            long[] grown = new long[later * 2];
            for (int i = 0; i < later; i++) {
                grown[i] = laterStarts[(head + i) % laterStarts.length];
            }
            laterStarts = grown;
            head = 0;
        }
        laterStarts[(head + later) % laterStarts.length] = nanos;
        size++;
    }

    private long popStart() {
        long start = oldestStart;
        size--;
        if (size > 0) {
            oldestStart = laterStarts[head];
            head = (head + 1) % laterStarts.length;
        }
        return start;
    }
}
