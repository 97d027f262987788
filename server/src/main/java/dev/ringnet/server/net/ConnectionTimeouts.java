package dev.ringnet.server.net;

import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.metrics.ServerMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has had no traffic either way for the idle timeout, or whose peer has accepted none of
 * the bytes waiting for it for the write timeout (a reader that stopped reading would otherwise hold the
 * connection and its buffers forever).
 *
 * <p>Netty's {@link IdleStateHandler} with {@code observeOutput}: progress on a large write (a file still going
 * out) counts as activity, so a slow but moving download is not cut. Bytes that bypass the pipeline (a spliced
 * proxy) are reported through {@link #progressElsewhere()}; a timeout that fires less than its length after such
 * progress is ignored, so such a connection is closed between one and two timeouts after its last byte. One per
 * connection; its event loop. Open for HTTP connections to add their request-head timeout in the same handler.
 */
public class ConnectionTimeouts extends IdleStateHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectionTimeouts.class);

    private final ServerMetrics metrics;
    private final long idleNanos;
    private final long writeNanos;
    /** {@link System#nanoTime()} of the last progress outside the pipeline; Long.MIN_VALUE for none. */
    private long lastProgressElsewhere = Long.MIN_VALUE;

    /** Zero disables either timeout. */
    public ConnectionTimeouts(Duration idleTimeout, Duration writeTimeout, ServerMetrics metrics) {
        super(true, 0, writeTimeout.toNanos(), idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        this.metrics = metrics;
        this.idleNanos = idleTimeout.toNanos();
        this.writeNanos = writeTimeout.toNanos();
    }

    /** With the idle and write timeouts of {@code config}. */
    public static ConnectionTimeouts of(ServerConfig config, ServerMetrics metrics) {
        return new ConnectionTimeouts(config.idleTimeout(), config.writeTimeout(), metrics);
    }

    /** Bytes moved for this connection without passing through its pipeline (splice). Its event loop. */
    public void progressElsewhere() {
        lastProgressElsewhere = System.nanoTime();
    }

    private boolean progressedElsewhereWithin(long nanos) {
        return lastProgressElsewhere != Long.MIN_VALUE && System.nanoTime() - lastProgressElsewhere < nanos;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == IdleState.ALL_IDLE && progressedElsewhereWithin(idleNanos)
                || evt.state() == IdleState.WRITER_IDLE && progressedElsewhereWithin(writeNanos)) {
            return;
        }
        if (evt.state() == IdleState.ALL_IDLE) {
            metrics.idleTimeout();
            log.debug("{}: closing after the idle timeout", ctx.channel());
            ctx.close();
        } else if (evt.state() == IdleState.WRITER_IDLE && hasPendingBytes(ctx)) {
            // Writer-idle also fires on a connection with nothing to write; only pending bytes make it a stall.
            metrics.writeTimeout();
            log.debug("{}: closing after the write timeout (peer not reading)", ctx.channel());
            ctx.close();
        }
    }

    private static boolean hasPendingBytes(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out != null && out.totalPendingWriteBytes() > 0;
    }
}
