package dev.ringnet.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive HTTP connections: each sends one {@code GET /hello} (so the server has set up everything a real
 * connection has, and its header timeout does not apply), reads the answer, then sits idle until closed. The
 * client and the server are separate processes, so each holds one descriptor per connection, under its own limit.
 */
public final class IdleConnections implements AutoCloseable {
    private static final byte[] REQUEST = "GET /hello HTTP/1.1\r\nHost: bench\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final List<Channel> channels;

    private IdleConnections(List<Channel> channels) {
        this.channels = channels;
    }

    /** Opens {@code count} connections to {@code target} and waits until each has had its answer. */
    public static IdleConnections open(ClientGroup clients, InetSocketAddress target, int count)
            throws IOException, InterruptedException {
        ByteBuf request = Unpooled.unreleasableBuffer(Unpooled.directBuffer(REQUEST.length).writeBytes(REQUEST)
                .asReadOnly());
        CountDownLatch answered = new CountDownLatch(count);
        List<Channel> channels = Connector.connect(clients.bootstrap(), target, count,
                () -> new OneRequest(request, answered));
        IdleConnections idle = new IdleConnections(channels);
        if (!answered.await(60, TimeUnit.SECONDS)) {
            idle.close();
            throw new IOException(answered.getCount() + " of " + count + " idle connections had no answer in 60 s");
        }
        for (Channel c : channels) {
            if (!c.isActive()) {
                idle.close();
                throw new IOException("the server closed idle connections (is --max-connections below " + count
                        + "?)");
            }
        }
        return idle;
    }

    @Override
    public void close() {
        Connector.closeAll(channels);
    }

    /** Sends the request; counts the connection down at the first bytes of the answer (it is small). */
    private static final class OneRequest extends ChannelInboundHandlerAdapter {
        private final ByteBuf request;
        private final CountDownLatch answered;
        private boolean counted;

        OneRequest(ByteBuf request, CountDownLatch answered) {
            this.request = request;
            this.answered = answered;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request.duplicate(), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            if (!counted) {
                counted = true;
                answered.countDown();
            }
        }
    }
}
