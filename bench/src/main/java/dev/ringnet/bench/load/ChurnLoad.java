package dev.ringnet.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection churn: {@code concurrency} independent loops of connect, one {@code GET /hello} with
 * {@code Connection: close}, read the response until the server closes, and again. A unit is one connection; its
 * latency runs from the connect call to the server's close. The server closes first, so the TIME_WAIT state stays
 * on its side and the client's ephemeral ports are free again at once.
 */
public final class ChurnLoad implements Load {
    private static final byte[] REQUEST = ("GET /hello HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);

    private final ClientGroup clients;
    private final InetSocketAddress target;
    private final int concurrency;
    private final AtomicInteger active = new AtomicInteger();
    private LoadStats stats;
    private ByteBuf request;

    /** A churn of {@code concurrency} loops against the HTTP server at {@code target}. */
    public ChurnLoad(ClientGroup clients, InetSocketAddress target, int concurrency) {
        this.clients = clients;
        this.target = target;
        this.concurrency = concurrency;
    }

    @Override
    public LoadResult run(Duration warmup, Duration duration, Marks marks) throws IOException, InterruptedException {
        stats = new LoadStats();
        request = Unpooled.unreleasableBuffer(Unpooled.directBuffer(REQUEST.length).writeBytes(REQUEST).asReadOnly());
        for (int i = 0; i < concurrency; i++) {
            next();
        }
        try {
            return stats.measure(warmup.toMillis(), duration, marks);
        } finally {
            stats.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (active.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }

    /** Starts one connection of a loop, unless the load is stopping. Any thread. */
    private void next() {
        if (!stats.running()) {
            return;
        }
        active.incrementAndGet();
        long start = System.nanoTime();
        ChannelFuture connect = clients.bootstrap().handler(new OneRequest(start)).connect(target);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                stats.error();
                active.decrementAndGet();
                // A refused connect (accept queue full) is retried shortly rather than in a tight loop.
                connect.channel().eventLoop().schedule(this::next, 1, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** One connection: writes the request, checks the status line, counts the unit when the server closes. */
    private final class OneRequest extends ChannelInboundHandlerAdapter {
        private final long start;
        private final byte[] head = new byte[OK.length];
        private int headLength;
        private long received;
        private boolean failed;

        OneRequest(long start) {
            this.start = start;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request.duplicate(), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            int take = Math.min(buf.readableBytes(), head.length - headLength);
            buf.getBytes(buf.readerIndex(), head, headLength, take);
            headLength += take;
            received += buf.readableBytes();
            buf.release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed = true;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!failed && headLength == OK.length && java.util.Arrays.equals(head, OK)) {
                stats.complete(System.nanoTime() - start, received);
            } else {
                stats.error();
            }
            active.decrementAndGet();
            next();
        }
    }
}
