package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.linux.Fd;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UringSocketChannel#spliceTo}: a plain socket writes into our accepted channel, which splices into our
 * client channel, which is connected to a plain socket that reads. The bytes must arrive exact (SHA-256, bytes the
 * pipeline read before the splice took over counted as a prefix), a peer reset must fail the promise, and every
 * descriptor (sockets, pipes) must be gone once the loop is shut down.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpliceToTest {
    private static final int SIZE = 48 * 1024 * 1024;

    @ParameterizedTest(name = "autoRead={0}")
    @ValueSource(booleans = {false, true})
    void carriesEveryByteBetweenTwoChannels(boolean autoRead) throws Exception {
        byte[] data = new byte[SIZE];
        new SplittableRandom(7).nextBytes(data);
        ZeroCopyStats before = Uring.zeroCopyStats();
        try (Relay relay = new Relay(autoRead)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readToEnd(relay.reader));
            ChannelFuture splice = relay.source.spliceTo(relay.target, Integer.MAX_VALUE);
            try (OutputStream out = relay.writer.getOutputStream()) {
                for (int at = 0; at < data.length; at += 1 << 20) {
                    out.write(data, at, Math.min(1 << 20, data.length - at));
                }
                relay.writer.shutdownOutput();
                assertTrue(splice.await(60, TimeUnit.SECONDS), "spliceTo did not end at the end of input");
                assertTrue(splice.isSuccess(), () -> "spliceTo failed: " + splice.cause() + " after "
                        + relay.readByPipeline.size() + " bytes read by the pipeline");
                relay.target.close().sync(); // the reader sees EOF
                byte[] spliced = received.get(30, TimeUnit.SECONDS);
                byte[] prefix = relay.readByPipeline.toByteArray();
                assertEquals(data.length, prefix.length + spliced.length, "bytes lost or added");
                assertArrayEquals(sha256(data), sha256(concat(prefix, spliced)), "the bytes differ");
                ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
                assertEquals(spliced.length, used.spliceToBytes(), "spliceTo bytes counted: " + used);
                if (!autoRead) {
                    assertEquals(0, prefix.length, "autoRead was off: nothing should reach the pipeline");
                }
            }
        }
    }

    /** Splices chained from each one's listener, as epoll users splice chunk by chunk: the next starts cleanly. */
    @Test
    void chainedSplicesCarryEveryByte() throws Exception {
        int chunk = 1024 * 1024 + 3;
        int chunks = 8;
        byte[] data = new byte[chunk * chunks];
        new SplittableRandom(9).nextBytes(data);
        try (Relay relay = new Relay(false)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readToEnd(relay.reader));
            CompletableFuture<Integer> done = new CompletableFuture<>();
            io.netty.util.concurrent.GenericFutureListener<ChannelFuture> next =
                    new io.netty.util.concurrent.GenericFutureListener<>() {
                        private int spliced;

                        @Override
                        public void operationComplete(ChannelFuture f) {
                            if (!f.isSuccess()) {
                                done.completeExceptionally(f.cause());
                            } else if (++spliced == chunks) {
                                done.complete(spliced);
                            } else {
                                relay.source.spliceTo(relay.target, chunk).addListener(this);
                            }
                        }
                    };
            relay.source.spliceTo(relay.target, chunk).addListener(next);
            relay.writer.getOutputStream().write(data);
            assertEquals(chunks, done.get(30, TimeUnit.SECONDS));
            relay.target.close().sync();
            assertArrayEquals(sha256(data), sha256(received.get(30, TimeUnit.SECONDS)));
        }
    }

    @Test
    void peerResetFailsThePromiseAndLeaksNoDescriptor() throws Exception {
        int fdsBefore = openFds();
        try (Relay relay = new Relay(false)) {
            ChannelFuture splice = relay.source.spliceTo(relay.target, SIZE);
            OutputStream out = relay.writer.getOutputStream();
            out.write(new byte[1 << 20]);
            out.flush();
            Thread.sleep(100);
            relay.writer.setSoLinger(true, 0);
            relay.writer.close(); // RST
            assertTrue(splice.await(30, TimeUnit.SECONDS), "spliceTo hung after the peer's reset");
            assertFalse(splice.isSuccess(), "spliceTo succeeded after the peer's reset");
            assertInstanceOf(IOException.class, splice.cause());
            System.out.println("spliceTo after a reset: " + splice.cause());
            assertTrue(relay.source.closeFuture().await(10, TimeUnit.SECONDS), "the reset source never closed");
        }
        assertEquals(fdsBefore, openFds(), "descriptors leaked");
    }

    @Test
    void targetResetFailsThePromiseAndLeaksNoDescriptor() throws Exception {
        int fdsBefore = openFds();
        try (Relay relay = new Relay(false)) {
            ChannelFuture splice = relay.source.spliceTo(relay.target, SIZE);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    relay.writer.getOutputStream().write(new byte[8 << 20]);
                } catch (IOException e) {
                    // the relay closes the writer once the splice has failed
                }
            });
            Thread.sleep(100);
            relay.reader.setSoLinger(true, 0);
            relay.reader.close(); // RST towards the target
            assertTrue(splice.await(30, TimeUnit.SECONDS), "spliceTo hung after the target's peer reset");
            assertFalse(splice.isSuccess(), "spliceTo succeeded after the target's peer reset");
            assertInstanceOf(IOException.class, splice.cause());
            System.out.println("spliceTo after the target's reset: " + splice.cause());
            relay.writer.close();
            writing.get(10, TimeUnit.SECONDS);
        }
        assertEquals(fdsBefore, openFds(), "descriptors leaked");
    }

    @Test
    void intoAFile() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 11];
        new SplittableRandom(11).nextBytes(data);
        Path file = Files.createTempFile("ringnet-spliceto", ".bin");
        int fd = Fd.open(file.toString(), Fd.O_WRONLY);
        try (Relay relay = new Relay(false)) {
            ChannelFuture splice = relay.source.spliceTo(fd, 0, data.length, relay.source.newPromise());
            relay.writer.getOutputStream().write(data);
            assertTrue(splice.await(30, TimeUnit.SECONDS));
            assertTrue(splice.isSuccess(), () -> "spliceTo failed: " + splice.cause());
            assertArrayEquals(data, Files.readAllBytes(file));
        } finally {
            Fd.close(fd);
            Files.delete(file);
        }
    }

    /**
     * writer (plain socket) -> source (our accepted channel) -> target (our client channel) -> reader (plain socket),
     * source and target on one event loop.
     */
    private static final class Relay implements AutoCloseable {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL)));
        final ByteArrayOutputStream readByPipeline = new ByteArrayOutputStream();
        final Channel server;
        final Socket writer;
        final UringSocketChannel source;
        final ServerSocket readerServer;
        final UringSocketChannel target;
        final Socket reader;

        Relay(boolean autoRead) throws Exception {
            CompletableFuture<UringSocketChannel> accepted = new CompletableFuture<>();
            server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, autoRead)
                    .childHandler(new ChannelInitializer<UringSocketChannel>() {
                        @Override
                        protected void initChannel(UringSocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf buf = (ByteBuf) msg;
                                    byte[] bytes = new byte[buf.readableBytes()];
                                    buf.readBytes(bytes);
                                    buf.release();
                                    synchronized (readByPipeline) {
                                        readByPipeline.writeBytes(bytes);
                                    }
                                }
                            });
                            accepted.complete(ch);
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            writer = new Socket(InetAddress.getLoopbackAddress(), port);
            source = accepted.get(10, TimeUnit.SECONDS);
            readerServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            target = (UringSocketChannel) new Bootstrap().group(group).channel(UringSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(readerServer.getLocalSocketAddress()).sync().channel();
            reader = readerServer.accept();
        }

        @Override
        public void close() throws Exception {
            writer.close();
            reader.close();
            readerServer.close();
            target.close().sync();
            source.close().sync();
            server.close().sync();
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private static byte[] readToEnd(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
