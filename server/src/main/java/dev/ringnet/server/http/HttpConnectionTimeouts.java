package dev.ringnet.server.http;

import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.metrics.ServerMetrics;
import dev.ringnet.server.net.ConnectionTimeouts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP connection's timeouts: the idle and write ones of {@link ConnectionTimeouts}, and the request-head one,
 * the defence against slowloris clients, which hold connections open by sending a header byte now and then. The
 * head clock starts when the connection opens and, after that, at the first byte of each request head; it stops
 * when the codec has decoded the head.
 *
 * <p>One handler rather than two: at 15,000 idle connections a pipeline entry (64 bytes) and a handler object are
 * worth saving. Sits before the HTTP codec to see bytes arrive; the codec's side tells it through
 * {@link #headDecoded()}. One head timer task at a time, rescheduled from its own run, so a request costs no
 * scheduling. One per connection; its event loop.
 */
final class HttpConnectionTimeouts extends ConnectionTimeouts implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HttpConnectionTimeouts.class);

    private final long headerTimeoutNanos;
    private final HttpConnectionState state;
    private final ServerMetrics metrics;
    private ChannelHandlerContext ctx;
    /** When the head being waited for started, or -1 when none is awaited. */
    private long startNanos = -1;
    private Future<?> timer;

    /** With the idle, write and header timeouts of {@code config}; zero disables any of them. */
    HttpConnectionTimeouts(ServerConfig config, HttpConnectionState state, ServerMetrics metrics) {
        super(config.idleTimeout(), config.writeTimeout(), metrics);
        this.headerTimeoutNanos = config.headerTimeout().toNanos();
        this.state = state;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        arm();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!state.readingHead && !state.readingBody && msg instanceof ByteBuf buf && buf.isReadable()) {
            state.readingHead = true;
            arm();
        }
        super.channelRead(ctx, msg);
    }

    /** The codec has produced a request head. */
    void headDecoded() {
        state.readingHead = false;
        startNanos = -1;
    }

    private void arm() {
        if (headerTimeoutNanos <= 0) {
            return;
        }
        startNanos = System.nanoTime();
        if (timer == null) {
            timer = ctx.executor().schedule(this, headerTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The head timer's task, this handler itself rather than a method reference: one object less per timer. */
    @Override
    public void run() {
        timer = null;
        if (startNanos < 0 || !ctx.channel().isActive()) {
            return;
        }
        long waited = System.nanoTime() - startNanos;
        if (waited < headerTimeoutNanos) {
            timer = ctx.executor().schedule(this, headerTimeoutNanos - waited, TimeUnit.NANOSECONDS);
            return;
        }
        metrics.headerTimeout();
        log.debug("{}: closing: no complete request head within {} ms", ctx.channel(),
                TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        super.channelInactive(ctx);
    }
}
