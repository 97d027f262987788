package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 connections opened, used for one round trip and closed, 100 at a time, our client against our server: the
 * process ends with the file descriptors it started with, and neither the heap nor the default allocator's direct
 * memory grows between the first and the second half of the run.
 */
class ConnectionChurnTest {
    private static final int CONNECTIONS = 10_000;
    private static final int BATCH = 100;

    @Test
    void tenThousandConnectionsLeaveNothingBehind() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, UringIoHandler.newFactory());
        try {
            AtomicInteger served = new AtomicInteger();
            Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<UringSocketChannel>() {
                        @Override
                        protected void initChannel(UringSocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    served.incrementAndGet();
                                    ctx.writeAndFlush(msg);
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Bootstrap client = new Bootstrap().group(group).channel(UringSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public boolean isSharable() {
                            return true;
                        }

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ((ByteBuf) msg).release();
                            ctx.close();
                        }
                    });
            // Warm-up: each loop opens its eventfd when its thread starts, and the management classes load.
            churn(client, server, BATCH);
            memory();
            Map<String, String> fdsBefore = openFds();
            churn(client, server, CONNECTIONS / 2);
            long[] half = memory();
            churn(client, server, CONNECTIONS / 2);
            long[] end = memory();
            assertEquals(BATCH + CONNECTIONS, served.get());
            // Closed connections give their fds back once the last request on them completes: allow a moment.
            // Compared as sets: an fd that an earlier test class in this JVM closes meanwhile is not a leak here.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!opened(fdsBefore).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Map.of(), opened(fdsBefore), "file descriptors opened during the run and still open");
            assertTrue(end[0] - half[0] < 16 << 20, "heap grew by " + (end[0] - half[0]) + " bytes");
            assertTrue(end[1] - half[1] < 4 << 20,
                    "the allocator's direct memory grew by " + (end[1] - half[1]) + " bytes");
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private static void churn(Bootstrap client, Channel server, int count) throws InterruptedException {
        for (int done = 0; done < count; done += BATCH) {
            List<Channel> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                ChannelFuture f = client.connect(server.localAddress()).sync();
                f.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4}));
                batch.add(f.channel());
            }
            for (Channel ch : batch) {
                assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS), "a connection never finished its round trip");
            }
        }
    }

    /** This process's open file descriptors: number to what it refers to. */
    private static Map<String, String> openFds() {
        Map<String, String> fds = new TreeMap<>();
        String[] names = new File("/proc/self/fd").list();
        for (String fd : names == null ? new String[0] : names) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd", fd)).toString();
                if (!target.startsWith("/proc/")) { // the listing's own directory descriptor
                    fds.put(fd, target);
                }
            } catch (IOException e) {
                // Closed meanwhile.
            }
        }
        return fds;
    }

    /** The descriptors open now that were not open, to the same thing, in {@code before}. */
    private static Map<String, String> opened(Map<String, String> before) {
        Map<String, String> now = openFds();
        now.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        return now;
    }

    /**
     * Used heap after a GC, and the direct memory of the allocator the channels use: Netty 4.2's default, which is
     * the adaptive allocator, not {@code PooledByteBufAllocator.DEFAULT}.
     */
    private static long[] memory() {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        System.gc();
        return new long[] {bean.getHeapMemoryUsage().getUsed(),
                ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory()};
    }
}
