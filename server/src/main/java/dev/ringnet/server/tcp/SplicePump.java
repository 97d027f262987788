package dev.ringnet.server.tcp;

import dev.ringnet.server.metrics.ListenerMetrics;
import dev.ringnet.server.net.ConnectionTimeouts;
import dev.ringnet.server.transports.TransportKind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of a proxied connection moved by splice: {@code from}'s bytes go to {@code to} through a pipe in
 * the kernel, {@value #STEP} bytes per {@link TransportKind#spliceTo} call, each one started when the last has been
 * written out, so the pipe and the peer's socket buffer bound what is in flight (backpressure) and every step is
 * counted (bytes, and activity for the idle timeout, since spliced bytes never pass through the pipelines).
 *
 * <p>The {@link Relay}s stay in both pipelines: they see the end of input (passed on as a half-close), closes and
 * errors, and relay what a transport reads outside a splice step. The last, partial step of a connection is not
 * counted: it never completes, it fails when the connection closes. One per direction; the connection's event loop.
 */
final class SplicePump implements ChannelFutureListener {
    /** Bytes per step: a pipe's default capacity, so a step is one or a few splices each way. */
    static final int STEP = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SplicePump.class);

    private final TransportKind transport;
    private final Channel from;
    private final Channel to;
    private final ListenerMetrics metrics;
    private final boolean fromClient;
    private final ConnectionTimeouts timeouts;

    /**
     * @param fromClient whether {@code from} is the proxy's client (its bytes count as received) or the upstream
     *                   (they count as sent to the client)
     * @param timeouts   the client connection's timeouts, told of each step; null if it has none
     */
    SplicePump(TransportKind transport, Channel from, Channel to, ListenerMetrics metrics, boolean fromClient,
               ConnectionTimeouts timeouts) {
        this.transport = transport;
        this.from = from;
        this.to = to;
        this.metrics = metrics;
        this.fromClient = fromClient;
        this.timeouts = timeouts;
    }

    /** Starts the next step. */
    void start() {
        transport.spliceTo(from, to, STEP).addListener(this);
    }

    @Override
    public void operationComplete(ChannelFuture step) {
        if (!step.isSuccess()) {
            // Normally a side closed (the Relays close the other); anything else ends the connection too.
            if (from.isOpen() && to.isOpen()) {
                log.debug("{} -> {}: splice failed: {}", from, to, step.cause().toString());
                Relay.closeWhenFlushed(from);
                Relay.closeWhenFlushed(to);
            }
            return;
        }
        if (fromClient) {
            metrics.received(STEP);
        } else {
            metrics.sent(STEP);
        }
        metrics.spliced(STEP);
        if (timeouts != null) {
            timeouts.progressElsewhere();
        }
        if (from.isActive() && to.isActive()) {
            start();
        }
    }
}
