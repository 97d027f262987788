package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FileRegion;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.AbstractReferenceCounted;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FileRegions over our channel to a plain {@link Socket}: a {@link DefaultFileRegion} goes file to pipe to socket
 * with SPLICE (the counters prove it, and that nothing was copied), byte-exact by SHA-256, with a fast and a slow
 * reader, whole or a sub-range; a FileRegion of another kind takes the copy path and is exact too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FileRegionSpliceTest {
    private static final int FILE_SIZE = 128 * 1024 * 1024;
    private static Path file;
    private static EventLoopGroup group;
    /** The native thread id of the loop thread. */
    private static String loopTid;

    @BeforeAll
    static void createFile() throws Exception {
        file = Files.createTempFile("ringnet-region", ".bin");
        SplittableRandom random = new SplittableRandom(6);
        byte[] chunk = new byte[1 << 20];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int written = 0; written < FILE_SIZE; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(ByteBuffer.wrap(chunk));
            }
        }
        group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.FULL)));
        // "<pid>/task/<tid>" of the loop thread, which owns the ring.
        String self = group.next().submit(() -> Files.readSymbolicLink(Path.of("/proc/thread-self")).toString())
                .get(10, TimeUnit.SECONDS);
        loopTid = self.substring(self.lastIndexOf('/') + 1);
    }

    @AfterAll
    static void deleteFile() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
        Files.deleteIfExists(file);
    }

    @Test
    void wholeFileIsSplicedExactly() throws Exception {
        ZeroCopyStats before = Uring.zeroCopyStats();
        int maxThreads = send(new DefaultFileRegion(file.toFile(), 0, FILE_SIZE), 0, FILE_SIZE, false);
        ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
        System.out.printf("spliced %d MiB: %d SPLICE completions, at most %d iou-wrk threads during the transfer%n",
                FILE_SIZE >> 20, used.spliceCompletions(), maxThreads);
        assertTrue(used.spliceCompletions() >= 2, "no SPLICE completions: " + used);
        assertEquals(FILE_SIZE, used.fileRegionSplicedBytes(), "bytes spliced: " + used);
        assertEquals(0, used.fileRegionCopiedBytes(), "bytes copied: " + used);
    }

    @Test
    void slowReaderGetsEveryByte() throws Exception {
        ZeroCopyStats before = Uring.zeroCopyStats();
        int size = 32 * 1024 * 1024;
        int maxThreads = send(new DefaultFileRegion(file.toFile(), 0, size), 0, size, true);
        ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
        System.out.printf("slow reader, %d MiB: at most %d iou-wrk threads%n", size >> 20, maxThreads);
        assertEquals(size, used.fileRegionSplicedBytes(), "bytes spliced: " + used);
        assertEquals(0, used.fileRegionCopiedBytes(), "bytes copied: " + used);
    }

    /**
     * Slow readers must not cost a worker thread each (Netty #15125): every SPLICE runs on io-wq, and one into a
     * blocking socket would wait there for its reader. Ours are non-blocking, so workers stay few.
     */
    @Test
    void manySlowReadersDoNotCostAThreadEach() throws Exception {
        int connections = 16;
        int size = 8 * 1024 * 1024;
        byte[] expected = sha256(0, size);
        ZeroCopyStats before = Uring.zeroCopyStats();
        AtomicInteger maxWorkers = new AtomicInteger(threads());
        ExecutorService readerThreads = Executors.newFixedThreadPool(connections);
        try (ServerSocket server = new ServerSocket(0, connections, InetAddress.getLoopbackAddress())) {
            Channel[] channels = new Channel[connections];
            Socket[] readers = new Socket[connections];
            List<CompletableFuture<byte[]>> received = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    channels[i] = connect(server);
                    readers[i] = server.accept();
                    readers[i].setReceiveBufferSize(64 * 1024);
                    Socket reader = readers[i];
                    received.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return readAll(reader.getInputStream(), size, true, maxWorkers);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }, readerThreads));
                }
                for (Channel ch : channels) {
                    ch.writeAndFlush(new DefaultFileRegion(file.toFile(), 0, size));
                }
                for (CompletableFuture<byte[]> bytes : received) {
                    assertArrayEquals(expected, bytes.get(90, TimeUnit.SECONDS));
                }
            } finally {
                for (int i = 0; i < connections; i++) {
                    if (channels[i] != null) {
                        channels[i].close().sync();
                    }
                    if (readers[i] != null) {
                        readers[i].close();
                    }
                }
                readerThreads.shutdownNow();
            }
        }
        ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
        System.out.printf("%d slow readers of %d MiB each: at most %d iou-wrk threads%n", connections, size >> 20,
                maxWorkers.get());
        assertEquals((long) connections * size, used.fileRegionSplicedBytes(), "bytes spliced: " + used);
        // Measured here: 1-3 workers with non-blocking sockets; 8-16 with the sockets left blocking.
        assertTrue(maxWorkers.get() <= 6, maxWorkers.get() + " io-wq workers for " + connections
                + " slow readers: splices wait on sockets");
    }

    @Test
    void subRangeIsExact() throws Exception {
        long position = 12_345;
        int count = 10 * 1024 * 1024 + 7;
        ZeroCopyStats before = Uring.zeroCopyStats();
        send(new DefaultFileRegion(file.toFile(), position, count), position, count, false);
        ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
        assertEquals(count, used.fileRegionSplicedBytes(), "bytes spliced: " + used);
        assertEquals(0, used.fileRegionCopiedBytes(), "bytes copied: " + used);
    }

    /** Made from a FileChannel: spliced when the JVM opens java.base's fd fields to us (this build does), or copied. */
    @Test
    void regionFromFileChannel() throws Exception {
        long position = 1_000_000;
        int count = 3 * 1024 * 1024;
        ZeroCopyStats before = Uring.zeroCopyStats();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            send(new DefaultFileRegion(raf.getChannel(), position, count), position, count, false);
        }
        ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
        if (FileRegionFiles.channelFdReachable()) {
            assertEquals(count, used.fileRegionSplicedBytes(), "bytes spliced: " + used);
            assertEquals(0, used.fileRegionCopiedBytes(), "bytes copied: " + used);
        } else {
            assertEquals(count, used.fileRegionCopiedBytes(), "bytes copied: " + used);
        }
    }

    @Test
    void otherFileRegionIsCopiedExactly() throws Exception {
        long position = 777;
        int count = 5 * 1024 * 1024 + 3;
        ZeroCopyStats before = Uring.zeroCopyStats();
        send(new ChannelRegion(file, position, count), position, count, false);
        ZeroCopyStats used = Uring.zeroCopyStats().minus(before);
        assertEquals(count, used.fileRegionCopiedBytes(), "bytes copied: " + used);
        assertEquals(0, used.fileRegionSplicedBytes(), "bytes spliced: " + used);
    }

    @Test
    void missingFileFailsTheWrite() throws Exception {
        File gone = new File(file.toString() + ".missing");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel ch = connect(server);
            try (Socket ignored = server.accept()) {
                ChannelFuture write = ch.writeAndFlush(new DefaultFileRegion(gone, 0, 10));
                assertTrue(write.await(10, TimeUnit.SECONDS));
                assertTrue(write.cause() instanceof IOException, String.valueOf(write.cause()));
                assertTrue(write.cause().getMessage().contains("ENOENT"), write.cause().getMessage());
            } finally {
                ch.close().sync();
            }
        }
    }

    /**
     * Sends {@code region} from our channel to a plain socket, compares the SHA-256 of what arrives with that of the
     * file's bytes {@code [position, position + count)}, and returns the most io_uring worker threads seen meanwhile.
     */
    private static int send(FileRegion region, long position, int count, boolean slowReader) throws Exception {
        byte[] expected = sha256(position, count);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel ch = connect(server);
            try (Socket reader = server.accept()) {
                reader.setReceiveBufferSize(slowReader ? 64 * 1024 : 1 << 20);
                AtomicInteger maxThreads = new AtomicInteger(threads());
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                    try {
                        return readAll(reader.getInputStream(), count, slowReader, maxThreads);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                ChannelFuture write = ch.writeAndFlush(region);
                byte[] actual = received.get(90, TimeUnit.SECONDS);
                assertTrue(write.await(10, TimeUnit.SECONDS), "the write did not complete after every byte arrived");
                assertTrue(write.isSuccess(), () -> "write failed: " + write.cause());
                assertArrayEquals(expected, actual, "the bytes that arrived differ from the file's");
                return maxThreads.get();
            } finally {
                ch.close().sync();
            }
        }
    }

    private static Channel connect(ServerSocket server) throws InterruptedException {
        return new Bootstrap().group(group).channel(UringSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort())).sync().channel();
    }

    private static byte[] readAll(InputStream in, int count, boolean slow, AtomicInteger maxThreads)
            throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[slow ? 16 * 1024 : 256 * 1024];
        long left = count;
        int reads = 0;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("EOF with " + left + " bytes still expected");
            }
            sha.update(buf, 0, n);
            left -= n;
            if (++reads % 64 == 0) {
                maxThreads.accumulateAndGet(threads(), Math::max);
                if (slow) {
                    Thread.sleep(5);
                }
            }
        }
        return sha.digest();
    }

    /**
     * The io_uring worker threads of this test's event loop now: SPLICE runs on them. The kernel names them
     * {@code iou-wrk-<tid>} after the thread that submits to the ring (the loop's), so workers of other rings in the
     * JVM, left idle by earlier tests, are not counted.
     */
    static int threads() {
        String name = "iou-wrk-" + loopTid;
        String[] tasks = new File("/proc/self/task").list();
        int workers = 0;
        for (String task : tasks == null ? new String[0] : tasks) {
            try {
                if (Files.readString(Path.of("/proc/self/task", task, "comm")).trim().equals(name)) {
                    workers++;
                }
            } catch (IOException e) {
                // the thread ended meanwhile
            }
        }
        return workers;
    }

    private static byte[] sha256(long position, int count) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (FileChannel in = FileChannel.open(file)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long at = position;
            long end = position + count;
            while (at < end) {
                buf.clear().limit((int) Math.min(buf.capacity(), end - at));
                int n = in.read(buf, at);
                at += n;
                sha.update(buf.flip());
            }
        }
        return sha.digest();
    }

    /** A FileRegion that is not a DefaultFileRegion: the transport cannot see its file and must copy it. */
    private static final class ChannelRegion extends AbstractReferenceCounted implements FileRegion {
        private final FileChannel channel;
        private final long position;
        private final long count;
        private long transferred;

        ChannelRegion(Path path, long position, long count) throws IOException {
            this.channel = FileChannel.open(path);
            this.position = position;
            this.count = count;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        @Deprecated
        public long transfered() {
            return transferred;
        }

        @Override
        public long transferred() {
            return transferred;
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public long transferTo(WritableByteChannel target, long at) throws IOException {
            long n = channel.transferTo(position + at, count - at, target);
            transferred += n;
            return n;
        }

        @Override
        public FileRegion retain() {
            super.retain();
            return this;
        }

        @Override
        public FileRegion retain(int increment) {
            super.retain(increment);
            return this;
        }

        @Override
        public FileRegion touch() {
            return this;
        }

        @Override
        public FileRegion touch(Object hint) {
            return this;
        }

        @Override
        protected void deallocate() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }
    }
}
