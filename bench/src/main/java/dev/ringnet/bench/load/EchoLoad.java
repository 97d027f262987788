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
 * Echo ping-pong, closed loop: {@code connections} connections, each with one message of {@code size} bytes
 * outstanding; the next is sent when the whole echo of the previous has arrived. A unit is one round trip; its
 * latency runs from the write to the last byte back.
 */
public final class EchoLoad implements Load {
    private final ClientGroup clients;
    private final InetSocketAddress target;
    private final int connections;
    private final int size;

    /** A load of {@code connections} connections to {@code target} bouncing {@code size}-byte messages. */
    public EchoLoad(ClientGroup clients, InetSocketAddress target, int connections, int size) {
        this.clients = clients;
        this.target = target;
        this.connections = connections;
        this.size = size;
    }

    @Override
    public LoadResult run(Duration warmup, Duration duration, Marks marks) throws IOException, InterruptedException {
        ByteBuf message = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size).asReadOnly());
        LoadStats stats = new LoadStats();
        List<Channel> channels = Connector.connect(clients.bootstrap(), target, connections,
                () -> new PingPong(message, size, stats));
        try {
            return stats.measure(warmup.toMillis(), duration, marks);
        } finally {
            stats.stop();
            Connector.closeAll(channels);
        }
    }

    /** One connection's loop: send, wait for {@code size} bytes, record, send again. Runs on its event loop. */
    private static final class PingPong extends ChannelInboundHandlerAdapter {
        private final ByteBuf message;
        private final int size;
        private final LoadStats stats;
        private int received;
        private long sentAt;

        PingPong(ByteBuf message, int size, LoadStats stats) {
            this.message = message;
            this.size = size;
            this.stats = stats;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received += buf.readableBytes();
            buf.release();
            if (received >= size) {
                // One message is outstanding at a time, so the echo never holds more than one.
                received -= size;
                stats.complete(System.nanoTime() - sentAt, size);
                if (stats.running()) {
                    send(ctx);
                }
            }
        }

        private void send(ChannelHandlerContext ctx) {
            sentAt = System.nanoTime();
            ctx.writeAndFlush(message.duplicate(), ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.error();
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (stats.running()) {
                stats.error(); // the server closed a connection the load still used
            }
        }
    }
}
