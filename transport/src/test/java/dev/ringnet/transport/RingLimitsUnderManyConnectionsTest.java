package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The ring's own limits reached by many connections at once: a shared read-buffer ring of 4 buffers of 1 KiB for 200
 * connections sending together (receives find it empty, ENOBUFS, and must lose nothing), and a CQ of 4 entries for an
 * accept storm of 2,000 connections (the kernel keeps the CQEs that do not fit in its overflow list, NODROP, and the
 * loop must collect every one).
 */
class RingLimitsUnderManyConnectionsTest {

    @Test
    void aTinyBufferRingSharedByManyConnectionsLosesNoByte() throws Exception {
        int connections = 200;
        int bytesEach = 16 * 1024;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL)
                        .withReadBuffers(4, 1024)));
        try {
            PatternCheck check = new PatternCheck();
            Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                    .childHandler(check).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    clients.add(SocketChannel.open(server.localAddress()));
                }
                // Each connection sends the same byte pattern; the server checks order per connection as it reads.
                long start = System.nanoTime();
                ByteBuffer data = ByteBuffer.allocate(bytesEach);
                for (int k = 0; k < bytesEach; k++) {
                    data.put((byte) (k % 251));
                }
                for (SocketChannel client : clients) {
                    data.flip();
                    while (data.hasRemaining()) {
                        client.write(data); // blocking: the server reads concurrently
                    }
                    data.limit(bytesEach);
                }
                long expected = (long) connections * bytesEach;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (check.received.get() < expected && check.failure.get() == null) {
                    assertTrue(System.nanoTime() < deadline, "received " + check.received.get() + " of " + expected);
                    Thread.sleep(10);
                }
                assertEquals(null, check.failure.get());
                assertEquals(expected, check.received.get());
                long exhaustions = group.next().submit(() -> ((UringServerSocketChannel) server).uring.readBuffers()
                        .exhaustions()).get();
                System.out.printf("%d connections x %d KiB through a ring of 4 x 1 KiB: every byte in order in %d ms, "
                        + "ring ran dry %d times%n", connections, bytesEach >> 10,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), exhaustions);
                assertTrue(exhaustions > 0, "the ring never ran dry: the test did not test ENOBUFS");
                // After an ENOBUFS a connection's next receive brings its own buffer and gets at least 1 KiB here,
                // so no connection can fail more often than once per KiB; re-arming on the dry ring did 80,000.
                assertTrue(exhaustions <= (long) connections * (bytesEach >> 10),
                        "connections kept re-arming on the dry ring: " + exhaustions + " ENOBUFS");
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void anAcceptStormOnASmallCqAcceptsEveryConnection() throws Exception {
        int connections = 2000;
        UringIoHandlerConfig d = UringIoHandlerConfig.defaults();
        UringIoHandlerConfig smallCq = new UringIoHandlerConfig(4, 4, UringIoHandlerConfig.FeatureSet.FULL,
                d.readBufferCount(), d.readBufferSize(), d.readBufferAllocator(), d.sendZcThreshold(),
                UringIoHandlerConfig.SQ_POLL_OFF);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(smallCq));
        try {
            AtomicInteger accepted = new AtomicInteger();
            Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                    .childHandler(new Echo(accepted)).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try (Selector selector = Selector.open()) {
                List<SocketChannel> clients = new ArrayList<>();
                try {
                    int served = stormAndEcho(selector, (InetSocketAddress) server.localAddress(), connections,
                            clients);
                    assertEquals(connections, served);
                    assertEquals(connections, accepted.get(), "connections accepted");
                    long overflows = server.eventLoop().submit(() -> ((UringServerSocketChannel) server).uring
                            .cqOverflowEnters()).get();
                    System.out.printf("%d connections stormed a 4-entry CQ: all accepted and echoed, the CQ "
                            + "overflowed %d times%n", connections, overflows);
                    assertTrue(overflows > 0, "the CQ never overflowed: the test did not test overflow");
                } finally {
                    for (SocketChannel client : clients) {
                        client.close();
                    }
                }
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    /** Connects {@code count} clients at once, each sends a byte; returns how many got it back in 30 s. */
    private static int stormAndEcho(Selector selector, InetSocketAddress address, int count,
            List<SocketChannel> clients) throws Exception {
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open();
            clients.add(ch);
            ch.configureBlocking(false);
            ch.connect(address);
            ch.register(selector, SelectionKey.OP_CONNECT, i);
        }
        int served = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ByteBuffer one = ByteBuffer.allocate(1);
        while (served < count && System.nanoTime() < deadline) {
            selector.select(500);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                int id = (Integer) key.attachment();
                if (key.isConnectable()) {
                    ch.finishConnect();
                    ch.write(ByteBuffer.wrap(new byte[] {(byte) id}));
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable()) {
                    one.clear();
                    assertEquals(1, ch.read(one), "connection " + id + " closed instead of echoing");
                    assertEquals((byte) id, one.get(0));
                    key.cancel();
                    served++;
                }
            }
            selector.selectedKeys().clear();
        }
        return served;
    }

    /** Checks that each connection's bytes arrive as 0, 1, ... 250, 0, 1, ... and counts them over all. */
    @ChannelHandler.Sharable
    static final class PatternCheck extends ChannelInboundHandlerAdapter {
        final AtomicLong received = new AtomicLong();
        final AtomicReference<String> failure = new AtomicReference<>();
        private final java.util.Map<Channel, long[]> offsets = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                long[] offset = offsets.computeIfAbsent(ctx.channel(), c -> new long[1]);
                // One bulk copy: at PARANOID each getByte on the buffer would record a stack trace.
                byte[] bytes = ByteBufUtil.getBytes(buf);
                for (byte b : bytes) {
                    if (b != (byte) (offset[0] % 251)) {
                        failure.compareAndSet(null, ctx.channel() + ": wrong byte at offset " + offset[0]);
                    }
                    offset[0]++;
                }
                received.addAndGet(buf.readableBytes());
            } finally {
                buf.release();
            }
        }
    }

    /** Echoes every byte and counts the connections it served. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        private final AtomicInteger accepted;

        Echo(AtomicInteger accepted) {
            this.accepted = accepted;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.incrementAndGet();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }
}
