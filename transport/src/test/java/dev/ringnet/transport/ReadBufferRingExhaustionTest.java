package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A shared read-buffer ring far too small for the traffic: receives keep finding it empty (ENOBUFS), and every byte
 * still arrives, in order, because the bytes wait in the socket until the re-armed receive finds refilled buffers.
 */
class ReadBufferRingExhaustionTest {
    private static final int BYTES = 512 * 1024;

    @Test
    void ringRunningDryLosesNoBytes() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL)
                        .withReadBuffers(2, 64)));
        try {
            Digest digest = new Digest(BYTES);
            AtomicReference<UringSocketChannel> accepted = new AtomicReference<>();
            Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<UringSocketChannel>() {
                        @Override
                        protected void initChannel(UringSocketChannel ch) {
                            accepted.set(ch);
                            ch.pipeline().addLast(digest);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            byte[] data = new byte[BYTES];
            new Random(42).nextBytes(data);
            try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
                OutputStream out = client.getOutputStream();
                for (int off = 0; off < BYTES; off += 64 * 1024) {
                    out.write(data, off, 64 * 1024);
                }
                out.flush();
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                        digest.done.get(30, TimeUnit.SECONDS));
            }
            UringSocketChannel ch = accepted.get();
            long exhaustions = ch.eventLoop().submit(() -> ch.uring().readBuffers().exhaustions()).get();
            assertTrue(exhaustions > 0, "the ring of 2 x 64 bytes never ran dry: the test did not test ENOBUFS");
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    /** Hashes what arrives, in order, until the expected count is in. */
    static final class Digest extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private final MessageDigest sha;
        private final int expected;
        private int received;

        Digest(int expected) throws Exception {
            this.expected = expected;
            this.sha = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                received += buf.readableBytes();
                sha.update(buf.nioBuffer());
            } finally {
                buf.release();
            }
            if (received >= expected) {
                done.complete(sha.digest());
            }
        }
    }
}
