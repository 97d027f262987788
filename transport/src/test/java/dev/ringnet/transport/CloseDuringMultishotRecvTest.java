package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing a connection while its multishot receive is armed and data keeps arriving: completions that land after the
 * close carry ring buffers, which must go back to the ring: the loop counts every buffer the kernel picked against
 * those put back. The final transfer checks the ring still carries bytes intact.
 */
class CloseDuringMultishotRecvTest {
    private static final int ROUNDS = 200;

    @Test
    void buffersComeBackWhenClosingUnderAFlood() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL)
                        .withReadBuffers(4, 1024)));
        AtomicInteger closedOnRead = new AtomicInteger();
        AtomicReference<ChannelInboundHandlerAdapter> next = new AtomicReference<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<UringSocketChannel>() {
                        @Override
                        protected void initChannel(UringSocketChannel ch) {
                            ch.pipeline().addLast(next.get());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            next.set(new CloseOnFirstRead(closedOnRead));
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < ROUNDS; i++) {
                flood(port, chunk);
            }
            assertEquals(ROUNDS, closedOnRead.get());
            UringIoRegistration uring = serverRegistration(server);
            assertEquals(0L, server.eventLoop().submit(() -> uring.readBuffers().dropped()).get(),
                    "completions after close dropped ring buffers");

            ReadBufferRingExhaustionTest.Digest digest = new ReadBufferRingExhaustionTest.Digest(256 * 1024);
            next.set(digest);
            byte[] data = new byte[256 * 1024];
            new Random(7).nextBytes(data);
            try (Socket client = new Socket("127.0.0.1", port)) {
                client.getOutputStream().write(data);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                        digest.done.get(30, TimeUnit.SECONDS));
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private static UringIoRegistration serverRegistration(Channel server) throws Exception {
        return server.eventLoop().submit(() -> ((UringServerSocketChannel) server).uring).get();
    }

    /** Writes until the server's close resets the connection (at most 4 MiB). */
    private static void flood(int port, byte[] chunk) throws IOException {
        try (Socket client = new Socket("127.0.0.1", port)) {
            OutputStream out = client.getOutputStream();
            for (int sent = 0; sent < 4 * 1024 * 1024; sent += chunk.length) {
                out.write(chunk);
            }
        } catch (IOException expected) {
            // the reset of the server's close
        }
    }

    private static final class CloseOnFirstRead extends ChannelInboundHandlerAdapter {
        private final AtomicInteger closed;

        CloseOnFirstRead(AtomicInteger closed) {
            this.closed = closed;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            if (ctx.channel().isOpen()) {
                closed.incrementAndGet();
                ctx.close();
            }
        }
    }
}
