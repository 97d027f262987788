package dev.ringnet.server.net;

import dev.ringnet.server.metrics.ListenerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * First in every connection's pipeline: counts the bytes read from the socket and the bytes written to it (when
 * handed to the transport, not when the peer has them). Shared by all connections of one listener; any event loop.
 */
@Sharable
public final class ByteCounter extends ChannelDuplexHandler {
    private final ListenerMetrics metrics;

    /** Counts into {@code metrics}, the listener's. */
    public ByteCounter(ListenerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            metrics.received(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            metrics.sent(buf.readableBytes());
        } else if (msg instanceof FileRegion region) {
            metrics.sent(region.count());
        } else if (msg instanceof ByteBufHolder holder) {
            metrics.sent(holder.content().readableBytes());
        }
        ctx.write(msg, promise);
    }
}
