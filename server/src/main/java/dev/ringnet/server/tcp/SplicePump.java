package dev.ringnet.server.tcp;

import dev.ringnet.server.metrics.ListenerMetrics;
import dev.ringnet.server.net.ConnectionTimeouts;
import dev.ringnet.server.transports.TransportKind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of a proxied connection moved by splice: {@code from}'s bytes go to {@code to} through a pipe in the
 * kernel until {@code from}'s input ends ({@link TransportKind#spliceTo}); the pipe bounds what is in flight, so a
 * slow reader slows the writer (backpressure). Spliced bytes never pass through the pipelines, so each step reported
 * is counted here (bytes, and activity for the idle and write timeouts).
 *
 * <p>The {@link Relay}s stay in both pipelines: they pass the end of input on as a half-close once the splice has
 * ended, and close both sides on a close or an error. One per direction; the connection's event loop.
 */
final class SplicePump implements ChannelProgressiveFutureListener {
    private static final Logger log = LoggerFactory.getLogger(SplicePump.class);

    private final Channel from;
    private final Channel to;
    private final ListenerMetrics metrics;
    private final boolean fromClient;
    private final ConnectionTimeouts timeouts;
    private long counted;

    /**
     * @param fromClient whether {@code from} is the proxy's client (its bytes count as received) or the upstream
     *                   (they count as sent to the client)
     * @param timeouts   the client connection's timeouts, told of each step; null if it has none
     */
    private SplicePump(Channel from, Channel to, ListenerMetrics metrics, boolean fromClient,
                       ConnectionTimeouts timeouts) {
        this.from = from;
        this.to = to;
        this.metrics = metrics;
        this.fromClient = fromClient;
        this.timeouts = timeouts;
    }

    /** Splices both directions of {@code client} and {@code upstream}, connected, on {@code transport}. */
    static void start(TransportKind transport, Channel client, Channel upstream, ListenerMetrics metrics) {
        ConnectionTimeouts timeouts = client.pipeline().get(ConnectionTimeouts.class);
        transport.spliceTo(client, upstream, client.newProgressivePromise())
                .addListener(new SplicePump(client, upstream, metrics, true, timeouts));
        transport.spliceTo(upstream, client, upstream.newProgressivePromise())
                .addListener(new SplicePump(upstream, client, metrics, false, timeouts));
    }

    @Override
    public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
        long step = progress - counted;
        counted = progress;
        if (fromClient) {
            metrics.received(step);
        } else {
            metrics.sent(step);
        }
        metrics.spliced(step);
        if (timeouts != null) {
            timeouts.progressElsewhere();
        }
    }

    @Override
    public void operationComplete(ChannelProgressiveFuture future) {
        // Success is the end of from's input: from reads on and its Relay passes the half-close on.
        if (!future.isSuccess() && from.isOpen() && to.isOpen()) {
            log.debug("{} -> {}: splice failed: {}", from, to, future.cause().toString());
            Relay.closeWhenFlushed(from);
            Relay.closeWhenFlushed(to);
        }
    }
}
