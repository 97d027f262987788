package dev.ringnet.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * The bench's own client side: Netty on epoll, the same for every server transport so that differences come from
 * the server. One group for the whole bench run, its threads on the load CPUs (the bench pins its own process).
 *
 * <p>Thread-safe; close it once at the end.
 */
public final class ClientGroup implements AutoCloseable {
    private final EventLoopGroup group;

    /** Creates a group of {@code threads} epoll event loops; fails when epoll is unavailable, with Netty's cause. */
    public ClientGroup(int threads) {
        Epoll.ensureAvailability();
        this.group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
    }

    /** A bootstrap on this group with the options every bench client uses (no Nagle, pooled direct buffers). */
    public Bootstrap bootstrap() {
        return new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** The event loops, for scheduling timed sends. */
    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
