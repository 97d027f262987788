package dev.ringnet.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Echo at a fixed rate, open loop: {@code rate} messages per second spread evenly over {@code connections}
 * connections, each sent at its scheduled time whether or not earlier ones have come back (echo keeps order, so
 * several may be outstanding on one connection). Latency runs from the <em>intended</em> send time, not the actual
 * one: when the client or the server falls behind, the waiting shows in the latency instead of being left out
 * (coordinated omission).
 */
public final class RateLoad implements Load {
    /** Messages one connection may have outstanding before further ones count as errors. */
    private static final int MAX_OUTSTANDING = 4096;

    private final ClientGroup clients;
    private final InetSocketAddress target;
    private final int connections;
    private final int size;
    private final int rate;

    /**
     * {@code rate} messages of {@code size} bytes per second over {@code connections} connections to
     * {@code target}.
     */
    public RateLoad(ClientGroup clients, InetSocketAddress target, int connections, int size, int rate) {
        this.clients = clients;
        this.target = target;
        this.connections = connections;
        this.size = size;
        this.rate = rate;
    }

    @Override
    public LoadResult run(Duration warmup, Duration duration, Marks marks) throws IOException, InterruptedException {
        ByteBuf message = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size).asReadOnly());
        LoadStats stats = new LoadStats();
        long intervalNanos = Math.max(1, TimeUnit.SECONDS.toNanos(1) * connections / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        int[] index = {0};
        // Connection i starts at start + i * interval / connections: the sends of all connections interleave evenly.
        List<Channel> channels = Connector.connect(clients.bootstrap(), target, connections,
                () -> new Paced(message, size, stats, intervalNanos,
                        start + intervalNanos * index[0]++ / connections));
        try {
            return stats.measure(warmup.toMillis() + 50, duration, marks);
        } finally {
            stats.stop();
            Connector.closeAll(channels);
        }
    }

    /** One connection's schedule; all on its event loop. */
    private static final class Paced extends ChannelInboundHandlerAdapter {
        private final ByteBuf message;
        private final int size;
        private final LoadStats stats;
        private final long interval;
        /** Intended send times of outstanding messages, oldest at head. */
        private final long[] intended = new long[MAX_OUTSTANDING];
        private int head;
        private int outstanding;
        private long next;
        private int received;
        private ChannelHandlerContext ctx;

        Paced(ByteBuf message, int size, LoadStats stats, long interval, long first) {
            this.message = message;
            this.size = size;
            this.stats = stats;
            this.interval = interval;
            this.next = first;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            tick();
        }

        /** Sends every message whose time has come, then sleeps until the next one is due. */
        private void tick() {
            if (!stats.running() || !ctx.channel().isActive()) {
                return;
            }
            long now = System.nanoTime();
            boolean wrote = false;
            while (next <= now) {
                if (outstanding == MAX_OUTSTANDING) {
                    stats.error(); // the server is this far behind: the send is dropped and counted
                } else {
                    intended[(head + outstanding) % MAX_OUTSTANDING] = next;
                    outstanding++;
                    ctx.write(message.duplicate(), ctx.voidPromise());
                    wrote = true;
                }
                next += interval;
            }
            if (wrote) {
                ctx.flush();
            }
            ctx.executor().schedule(this::tick, next - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received += buf.readableBytes();
            buf.release();
            long now = System.nanoTime();
            while (received >= size && outstanding > 0) {
                received -= size;
                stats.complete(now - intended[head], size);
                head = (head + 1) % MAX_OUTSTANDING;
                outstanding--;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.error();
            ctx.close();
        }
    }
}
