package dev.ringnet.server.tcp;

import dev.ringnet.server.net.PeerErrors;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of a proxied connection: what this side reads is written to the peer.
 *
 * <p>Backpressure: when the peer cannot take more (not writable), this side stops reading; when the peer drains,
 * the peer's relay turns this side's reading back on. Half-close: the end of this side's input becomes a shutdown
 * of the peer's output once everything before it is sent; when both directions have ended, both sides close.
 * Any close or error closes both. Both sides share one event loop, so the relays need no locking.
 */
final class Relay extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final Channel peer;
    private final Ends ends;

    /** How many directions of one proxied connection have ended; shared by its two relays. */
    static final class Ends {
        int ended;
    }

    Relay(Channel peer, Ends ends) {
        this.peer = peer;
        this.ends = ends;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (peer.isActive()) {
            peer.write(msg, peer.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !isInputShutdown(peer)) {
            // This side drained: the peer, paused because of it, may read again. Not once the peer's input has
            // ended: there is nothing to read, and Netty 4.2.17's epoll may have dropped the fd from its epoll set
            // by then (its interest set went empty), so asking to read would fail with ENOENT.
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEnded(ctx.channel());
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** {@code self}'s input has ended: pass the end on to the peer, and close both once both directions ended. */
    void inputEnded(Channel self) {
        boolean both = ++ends.ended == 2;
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (both) {
                f.channel().close();
                self.close();
            } else if (f.isSuccess() && f.channel() instanceof SocketChannel socket) {
                socket.shutdownOutput();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeWhenFlushed(peer);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        PeerErrors.logClosing(log, ctx.channel(), cause);
        ctx.close();
        closeWhenFlushed(peer);
    }

    private static boolean isInputShutdown(Channel channel) {
        return channel instanceof SocketChannel socket && socket.isInputShutdown();
    }

    /** Closes {@code channel} once what was written to it has gone out. */
    static void closeWhenFlushed(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }
}
