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

/**
 * Bulk transfer through an echo path (the proxy in front of an echo sink): each connection keeps
 * {@code window} bytes in flight, written as {@code chunk}-byte writes, and reads everything back. A unit is one
 * chunk returned; its latency runs from its write to its last byte back (the path is FIFO).
 */
public final class BulkLoad implements Load {
    private final ClientGroup clients;
    private final InetSocketAddress target;
    private final int connections;
    private final int chunk;
    private final int chunksInFlight;

    /** {@code connections} connections to {@code target}, {@code chunksInFlight} chunks of {@code chunk} each. */
    public BulkLoad(ClientGroup clients, InetSocketAddress target, int connections, int chunk, int chunksInFlight) {
        this.clients = clients;
        this.target = target;
        this.connections = connections;
        this.chunk = chunk;
        this.chunksInFlight = chunksInFlight;
    }

    @Override
    public LoadResult run(Duration warmup, Duration duration, Marks marks) throws IOException, InterruptedException {
        ByteBuf data = Unpooled.unreleasableBuffer(Unpooled.directBuffer(chunk).writeZero(chunk).asReadOnly());
        LoadStats stats = new LoadStats();
        List<Channel> channels = Connector.connect(clients.bootstrap(), target, connections,
                () -> new Pump(data, chunk, chunksInFlight, stats));
        try {
            return stats.measure(warmup.toMillis(), duration, marks);
        } finally {
            stats.stop();
            Connector.closeAll(channels);
        }
    }

    /** One connection: writes chunks while fewer than the window are out, times each one's return. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private final ByteBuf data;
        private final int chunk;
        private final LoadStats stats;
        /** Write times of the chunks in flight, oldest first, as a ring. */
        private final long[] sentAt;
        private int head;
        private int inFlight;
        private int receivedOfHead;

        Pump(ByteBuf data, int chunk, int chunksInFlight, LoadStats stats) {
            this.data = data;
            this.chunk = chunk;
            this.stats = stats;
            this.sentAt = new long[chunksInFlight];
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            fill(ctx);
        }

        private void fill(ChannelHandlerContext ctx) {
            boolean wrote = false;
            while (inFlight < sentAt.length && stats.running()) {
                sentAt[(head + inFlight) % sentAt.length] = System.nanoTime();
                inFlight++;
                ctx.write(data.duplicate(), ctx.voidPromise());
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            int bytes = buf.readableBytes();
            buf.release();
            stats.received(bytes);
            receivedOfHead += bytes;
            long now = System.nanoTime();
            while (receivedOfHead >= chunk && inFlight > 0) {
                receivedOfHead -= chunk;
                stats.complete(now - sentAt[head], 0);
                head = (head + 1) % sentAt.length;
                inFlight--;
            }
            fill(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.error();
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (stats.running()) {
                stats.error();
            }
        }
    }
}
