package dev.ringnet.server.tcp;

import dev.ringnet.server.metrics.ListenerMetrics;
import dev.ringnet.server.transports.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a proxied connection: when a client connects, connects to the upstream on the same event
 * loop and the same transport, then hands over to a {@link Relay} on each side and turns on reading the client.
 * With {@code --zero-copy on} and a transport that can splice, a {@link SplicePump} each way moves the bytes.
 *
 * <p>The client is accepted with autoRead off, so normally nothing is read before the upstream is there. But some
 * transports read anyway when the peer half-closes (epoll on {@code EPOLLRDHUP}, to see the end of input): what
 * arrives early, and an early end of input, are kept here and passed on once connected, never dropped. If the
 * upstream cannot be reached the client is closed. One per client connection; its event loop.
 */
public final class ProxyFrontend extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyFrontend.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress upstream;
    private final TransportKind transport;
    private final boolean splice;
    private final ListenerMetrics metrics;
    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private final Relay.Ends ends = new Relay.Ends();
    private boolean inputEndedEarly;
    private Channel outbound;

    /**
     * Relays the new connection to {@code upstream}, connecting with {@code transport}'s client channel; with
     * {@code zeroCopy}, by splice where the transport can.
     */
    public ProxyFrontend(InetSocketAddress upstream, TransportKind transport, boolean zeroCopy,
                         ListenerMetrics metrics) {
        this.upstream = upstream;
        this.transport = transport;
        this.splice = zeroCopy && transport.canSplice();
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel inbound = ctx.channel();
        Bootstrap bootstrap = new Bootstrap().group(inbound.eventLoop()).channel(transport.clientChannelClass())
                .option(ChannelOption.ALLOCATOR, inbound.alloc())
                // Spliced, the upstream must not read into its pipeline first: those bytes would race the splice.
                .option(ChannelOption.AUTO_READ, !splice)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new Relay(inbound, ends));
        ChannelFuture connect = bootstrap.connect(upstream);
        outbound = connect.channel();
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connected(ctx);
            } else {
                log.warn("proxy: cannot connect to upstream {}: {}", upstream, f.cause().toString());
                releaseEarly();
                inbound.close();
            }
        });
        ctx.fireChannelActive();
    }

    private void connected(ChannelHandlerContext ctx) {
        Channel inbound = ctx.channel();
        boolean flushEarly = !early.isEmpty();
        Object msg;
        while ((msg = early.poll()) != null) {
            outbound.write(msg, outbound.voidPromise());
        }
        ChannelFuture earlySent = flushEarly ? outbound.writeAndFlush(Unpooled.EMPTY_BUFFER) : null;
        Relay relay = new Relay(outbound, ends);
        ctx.pipeline().replace(this, "relay", relay);
        if (inputEndedEarly) {
            // Nothing is left to splice from the client: the upstream's answer is relayed through the pipelines.
            outbound.config().setAutoRead(true);
            relay.inputEnded(inbound);
        } else if (!splice) {
            if (inbound.isActive()) {
                inbound.config().setAutoRead(true);
            }
        } else if (earlySent == null) {
            SplicePump.start(transport, inbound, outbound, metrics);
        } else {
            // Spliced bytes must not overtake the early ones still being written.
            earlySent.addListener(f -> {
                if (f.isSuccess() && inbound.isActive() && outbound.isActive()) {
                    SplicePump.start(transport, inbound, outbound, metrics);
                }
            });
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEndedEarly = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The client left before the upstream connection was made: drop that too.
        releaseEarly();
        if (outbound != null) {
            outbound.close();
        }
        ctx.fireChannelInactive();
    }

    private void releaseEarly() {
        Object msg;
        while ((msg = early.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
