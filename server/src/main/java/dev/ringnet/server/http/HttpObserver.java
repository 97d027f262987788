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
    private final HeaderReadTimeout headerTimeout;
    /** Start times of requests not yet answered, oldest first (pipelining): a ring of longs. */
    private long[] starts = new long[4];
    private int head;
    private int size;
    /** The response being written is an interim one (100 Continue): its end is not a request's end. */
    private boolean interim;

    HttpObserver(ServerMetrics metrics, HttpConnectionState state, HeaderReadTimeout headerTimeout) {
        this.metrics = metrics;
        this.state = state;
        this.headerTimeout = headerTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            headerTimeout.headDecoded();
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
        if (size == starts.length) {
            long[] grown = new long[size * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = starts[(head + i) % starts.length];
            }
            starts = grown;
            head = 0;
        }
        starts[(head + size) % starts.length] = nanos;
        size++;
    }

    private long popStart() {
        long start = starts[head];
        head = (head + 1) % starts.length;
        size--;
        return start;
    }
}
