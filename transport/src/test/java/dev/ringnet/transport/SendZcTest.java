package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.uring.IoUringConstants;
import dev.ringnet.uring.IoUringSupport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SEND_ZC forced on (threshold 0): the bytes arrive intact, and each write completes, with its buffer released, only
 * after the kernel's notification CQE for the send that carried it: at each write's completion the buffer's refCnt
 * is 0 and every zero-copy send so far has had its notification (completing on the first CQE would leave one
 * behind). Under the default threshold (off) no SEND_ZC is used at all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendZcTest {
    @Test
    void zeroCopySendsCompleteAfterTheirNotification() throws Exception {
        Assumptions.assumeTrue(IoUringSupport.isOpSupported(IoUringConstants.IORING_OP_SEND_ZC),
                "the kernel has no IORING_OP_SEND_ZC (Linux 6.0)");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(UringIoHandlerConfig
                .defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL).withSendZcThreshold(0)));
        SplittableRandom random = new SplittableRandom(47);
        int[] sizes = {1, 100, 4096, 65_536, 1 << 20, 3 << 20, 12_345};
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        long total = 0;
        ZeroCopyStats before = Uring.zeroCopyStats();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel ch = new Bootstrap().group(group).channel(UringSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort())).sync().channel();
            try (Socket reader = server.accept()) {
                for (int size : sizes) {
                    total += size;
                }
                long count = total;
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> read(reader, count));
                List<String> problems = new ArrayList<>();
                List<ChannelFuture> writes = new ArrayList<>();
                for (int i = 0; i < sizes.length; i++) {
                    byte[] bytes = new byte[sizes[i]];
                    random.nextBytes(bytes);
                    expected.update(bytes);
                    ByteBuf buf = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
                    int index = i;
                    ChannelFuture write = ch.writeAndFlush(buf);
                    write.addListener(f -> {
                        // Writes gathered into one send complete together; whichever send carried a write's last
                        // byte, its notification must be in before the write completes.
                        ZeroCopyStats now = Uring.zeroCopyStats().minus(before);
                        if (buf.refCnt() != 0) {
                            problems.add("write " + index + " completed with its buffer still held");
                        }
                        if (now.sendZcNotifications() != now.sendZcSends() || now.sendZcSends() == 0) {
                            problems.add("write " + index + " completed with " + now.sendZcSends()
                                    + " zero-copy sends and " + now.sendZcNotifications() + " notifications");
                        }
                    });
                    writes.add(write);
                }
                assertArrayEquals(expected.digest(), received.get(30, TimeUnit.SECONDS));
                for (ChannelFuture write : writes) {
                    assertTrue(write.await(10, TimeUnit.SECONDS));
                    assertTrue(write.isSuccess(), () -> "write failed: " + write.cause());
                }
                assertTrue(problems.isEmpty(), problems.toString());
            } finally {
                ch.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
        ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
        System.out.println("SEND_ZC over loopback: " + used);
        assertTrue(used.sendZcSends() > 0, "no zero-copy send: " + used);
        assertEquals(used.sendZcSends(), used.sendZcNotifications(), "a send without its notification: " + used);
    }

    @Test
    void offByDefault() throws Exception {
        Assumptions.assumeTrue(System.getProperty(UringIoHandlerConfig.SEND_ZC_THRESHOLD_PROPERTY) == null,
                "-D" + UringIoHandlerConfig.SEND_ZC_THRESHOLD_PROPERTY + " overrides the default in this run");
        assertEquals(UringIoHandlerConfig.SEND_ZC_OFF, UringIoHandlerConfig.defaults().sendZcThreshold());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL)));
        ZeroCopyStats before = Uring.zeroCopyStats();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel ch = new Bootstrap().group(group).channel(UringSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort())).sync().channel();
            try (Socket reader = server.accept()) {
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> read(reader, 1 << 20));
                ch.writeAndFlush(Unpooled.directBuffer(1 << 20).writeZero(1 << 20)).sync();
                received.get(30, TimeUnit.SECONDS);
            } finally {
                ch.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
        assertEquals(0, Uring.zeroCopyStats().minus(before).sendZcSends());
    }

    private static byte[] read(Socket socket, long count) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long left = count;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IllegalStateException("EOF with " + left + " bytes still expected");
                }
                sha.update(buf, 0, n);
                left -= n;
            }
            return sha.digest();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
