package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our server and client channels talking to each other over loopback, IPv4 and IPv6: full features, minimal features,
 * and full features with SQPOLL rings.
 */
class UringChannelEchoTest {
    static EventLoopGroup full;
    static EventLoopGroup minimal;
    static EventLoopGroup sqPoll;

    @BeforeAll
    static void start() {
        full = new MultiThreadIoEventLoopGroup(2, UringIoHandler.newFactory());
        minimal = new MultiThreadIoEventLoopGroup(2, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.MINIMAL)));
        sqPoll = new MultiThreadIoEventLoopGroup(2, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL).withSqPoll(5)));
    }

    @AfterAll
    static void stop() {
        full.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        minimal.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        sqPoll.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static EventLoopGroup group(String variant) {
        return switch (variant.substring(variant.indexOf('/') + 1)) {
            case "full" -> full;
            case "minimal" -> minimal;
            case "sqpoll" -> sqPoll;
            default -> throw new IllegalArgumentException(variant);
        };
    }

    /** Echoes every byte back. */
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Collects what arrives until {@code expected} bytes are in. */
    static final class Collect extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final int expected;

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            received.writeBytes(bytes);
            if (received.size() >= expected) {
                done.complete(received.toByteArray());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1/full", "::1/full", "127.0.0.1/minimal", "::1/minimal", "127.0.0.1/sqpoll",
        "::1/sqpoll"})
    void echoesFourMegabytesInManyWrites(String variant) throws Exception {
        String host = variant.substring(0, variant.indexOf('/'));
        EventLoopGroup group = group(variant);
        Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                .childHandler(new Echo()).bind(new InetSocketAddress(host, 0)).sync().channel();
        byte[] data = new byte[4 << 20];
        new Random(42).nextBytes(data);
        Collect collect = new Collect(data.length);
        try {
            Channel client = new Bootstrap().group(group).channel(UringSocketChannel.class)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(collect);
                        }
                    }).connect(server.localAddress()).sync().channel();
            assertEquals(server.localAddress(), client.remoteAddress());
            assertEquals(((InetSocketAddress) server.localAddress()).getAddress(),
                    ((InetSocketAddress) client.localAddress()).getAddress(), "addresses shown as the family used");
            // Many writes per flush: exercises gathering SENDMSG as well as single SENDs.
            for (int offset = 0; offset < data.length; offset += 65536) {
                for (int part = 0; part < 65536; part += 4096) {
                    client.write(Unpooled.wrappedBuffer(data, offset + part, 4096));
                }
                client.flush();
            }
            assertArrayEquals(data, collect.done.get(30, TimeUnit.SECONDS));
            if (group == sqPoll) {
                assertTrue(sqPollThreads() > 0, "SQPOLL rings but no iou-sqp thread in this process");
            }
            client.close().sync();
        } finally {
            server.close().sync();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1/full", "127.0.0.1/minimal"})
    void echoesThreeThousandBuffersFlushedAtOnce(String variant) throws Exception {
        // More buffers in one flush than IOV_MAX: the iovec array grows from its first size to IOV_MAX within a send
        // and the rest goes out in the next ones.
        EventLoopGroup group = group(variant);
        Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                .childHandler(new Echo()).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        byte[] data = new byte[3000 * 7];
        new Random(7).nextBytes(data);
        Collect collect = new Collect(data.length);
        try {
            Channel client = new Bootstrap().group(group).channel(UringSocketChannel.class).handler(collect)
                    .connect(server.localAddress()).sync().channel();
            for (int offset = 0; offset < data.length; offset += 7) {
                client.write(client.alloc().directBuffer(7).writeBytes(data, offset, 7));
            }
            client.flush();
            assertArrayEquals(data, collect.done.get(30, TimeUnit.SECONDS));
            client.close().sync();
        } finally {
            server.close().sync();
        }
    }

    /** The kernel's SQPOLL threads of this process ({@code iou-sqp-PID}, one per ring). */
    static long sqPollThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).startsWith("iou-sqp-");
                } catch (IOException e) {
                    return false; // the thread ended while we looked
                }
            }).count();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000})
    void connectRefusedAndTimeoutFailWithNettysExceptions(int timeoutMillis) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ChannelFuture refused = new Bootstrap().group(full).channel(UringSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new InetSocketAddress("127.0.0.1", closedPort)).await();
        assertTrue(!refused.isSuccess());
        if (timeoutMillis == 1000) {
            ConnectException e = assertInstanceOf(ConnectException.class, refused.cause());
            assertTrue(e.getMessage().contains("ECONNREFUSED"), e.getMessage());
        }
        assertTrue(refused.channel().closeFuture().await(5, TimeUnit.SECONDS), "a failed connect closes the channel");
    }
}
