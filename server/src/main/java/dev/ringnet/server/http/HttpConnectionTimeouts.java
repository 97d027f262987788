package dev.ringnet.server.http;

import dev.ringnet.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request head does not arrive in time: the defence against slowloris clients, which
 * hold connections open by sending a header byte now and then. The clock starts when the connection opens and,
 * after that, at the first byte of each request head; it stops when the codec has decoded the head.
 *
 * <p>Sits before the HTTP codec to see bytes arrive; the codec's side tells it through {@link #headDecoded()}.
 * One timer task at a time, rescheduled from its own run, so a request costs no scheduling. One per connection;
 * its event loop.
 */
final class HeaderReadTimeout extends ChannelInboundHandlerAdapter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HeaderReadTimeout.class);

    private final long timeoutNanos;
    private final HttpConnectionState state;
    private final ServerMetrics metrics;
    private ChannelHandlerContext ctx;
    /** When the head being waited for started, or -1 when none is awaited. */
    private long startNanos = -1;
    private Future<?> timer;

    /** {@code timeoutNanos} zero disables the timeout. */
    HeaderReadTimeout(long timeoutNanos, HttpConnectionState state, ServerMetrics metrics) {
        this.timeoutNanos = timeoutNanos;
        this.state = state;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!state.readingHead && !state.readingBody && msg instanceof ByteBuf buf && buf.isReadable()) {
            state.readingHead = true;
            arm();
        }
        ctx.fireChannelRead(msg);
    }

    /** The codec has produced a request head. */
    void headDecoded() {
        state.readingHead = false;
        startNanos = -1;
    }

    private void arm() {
        if (timeoutNanos <= 0) {
            return;
        }
        startNanos = System.nanoTime();
        if (timer == null) {
            timer = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The timer's task, this handler itself rather than a method reference: one object less per timer. */
    @Override
    public void run() {
        timer = null;
        if (startNanos < 0 || !ctx.channel().isActive()) {
            return;
        }
        long waited = System.nanoTime() - startNanos;
        if (waited < timeoutNanos) {
            timer = ctx.executor().schedule(this, timeoutNanos - waited, TimeUnit.NANOSECONDS);
            return;
        }
        metrics.headerTimeout();
        log.debug("{}: closing: no complete request head within {} ms", ctx.channel(),
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }
}
