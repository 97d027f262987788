package dev.ringnet.server.net;

import dev.ringnet.server.metrics.ListenerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * On a listening channel's pipeline: sees each accepted connection before it is registered with an event loop,
 * closes it at once if {@code --max-connections} are already open (counted as rejected), and otherwise counts it
 * and passes it on. Event loop of the listening channel.
 */
public final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private final Connections connections;
    private final ListenerMetrics metrics;
    private final Connections.Listener listener;

    /**
     * @param drainable whether this listener's connections handle {@link Connections#DRAIN}
     */
    public ConnectionGate(Connections connections, ListenerMetrics metrics, boolean drainable) {
        this.connections = connections;
        this.metrics = metrics;
        this.listener = new Connections.Listener(metrics, drainable);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (!connections.tryAdmit(child, listener)) {
            metrics.rejected();
            // Not registered yet: closing forcibly just closes the socket, without a trip through an event loop.
            child.unsafe().closeForcibly();
            return;
        }
        // Counted closed by connections, whose one close listener does it: no listener of our own per connection.
        metrics.accepted();
        ctx.fireChannelRead(child);
    }
}
