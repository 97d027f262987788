package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.Fd;
import dev.ringnet.linux.Pipes;
import dev.ringnet.linux.SockAddr;
import dev.ringnet.linux.Sockets;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loopback TCP through the ring on the real kernel: every byte checked. */
class RingNetworkTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A listening socket on 127.0.0.1 and an ephemeral port. */
    static int listen(Arena arena, InetSocketAddress[] bound) throws Exception {
        int fd = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
        MemorySegment addr = arena.allocate(SockAddr.STORAGE_SIZE);
        Sockets.bind(fd, addr, SockAddr.encode(addr, new InetSocketAddress(LOOPBACK, 0)));
        Sockets.listen(fd, 16);
        MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.STORAGE_SIZE);
        Sockets.getsockname(fd, addr, len);
        bound[0] = SockAddr.decode(addr, len.get(ValueLayout.JAVA_INT, 0));
        return fd;
    }

    /** Collects CQEs (test-only, so allocation is fine). */
    static List<long[]> waitFor(Ring ring, int count) throws Exception {
        List<long[]> got = new ArrayList<>();
        for (int round = 0; round < 200 && got.size() < count; round++) {
            ring.submitAndWait(1, 50_000_000L);
            ring.reap((u, res, flags) -> got.add(new long[] {u, res, flags}));
        }
        assertTrue(got.size() >= count, "expected " + count + " CQEs, got " + got.size());
        return got;
    }

    static long[] find(List<long[]> cqes, long userData) {
        return cqes.stream().filter(c -> c[0] == userData).findFirst()
                .orElseThrow(() -> new AssertionError("no CQE with user_data " + userData));
    }

    @Test
    void tcpExchangeEntirelyThroughTheRing() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(RingOptions.of(32).withCqEntries(256))) {
            InetSocketAddress[] bound = new InetSocketAddress[1];
            int listener = listen(arena, bound);
            SubmissionQueue sq = ring.sq();
            long sqe = sq.getSqe();
            sq.prepMultishotAccept(sqe, listener, Sockets.SOCK_CLOEXEC);
            sq.setUserData(sqe, 1);
            // Two clients: one multishot accept must hand out both connections.
            int[] clients = new int[2];
            MemorySegment peer = arena.allocate(SockAddr.STORAGE_SIZE);
            int peerLen = SockAddr.encode(peer, bound[0]);
            for (int i = 0; i < 2; i++) {
                clients[i] = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
                sqe = sq.getSqe();
                sq.prepConnect(sqe, clients[i], peer, peerLen);
                sq.setUserData(sqe, 10 + i);
            }
            List<long[]> cqes = waitFor(ring, 4);
            assertEquals(0, find(cqes, 10)[1], "connect 1");
            assertEquals(0, find(cqes, 11)[1], "connect 2");
            List<Integer> accepted = new ArrayList<>();
            for (long[] c : cqes) {
                if (c[0] == 1) {
                    assertTrue(c[1] >= 0, "accept res " + c[1]);
                    assertTrue((c[2] & IORING_CQE_F_MORE) != 0, "multishot accept stays armed");
                    accepted.add((int) c[1]);
                }
            }
            assertEquals(2, accepted.size());
            int server = accepted.get(0);

            // Receive through a buffer ring of 32 small buffers (enough for the whole payload, so this recv never runs
            // dry; running dry has its own test): the kernel picks one per arrival.
            int bufSize = 1024;
            int count = 32;
            MemorySegment slab = arena.allocate((long) count * bufSize, 64);
            BufferRing buffers = BufferRing.register(ring, 3, count);
            for (int bid = 0; bid < count; bid++) {
                buffers.add(slab.address() + (long) bid * bufSize, bufSize, bid, bid);
            }
            buffers.advance(count);
            sqe = sq.getSqe();
            sq.prepRecvMultishot(sqe, server, buffers.groupId(), 0);
            sq.setUserData(sqe, 2);

            // Find which client the first accepted socket belongs to by sending from both.
            byte[] payload = new byte[20_000];
            new Random(7).nextBytes(payload);
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, payload);
            int sender = clientOf(server, clients, arena);
            sqe = sq.getSqe();
            sq.prepSend(sqe, sender, out.address(), payload.length, Sockets.MSG_NOSIGNAL);
            sq.setUserData(sqe, 4);

            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean sent = false;
            for (int round = 0; round < 400 && (received.size() < payload.length || !sent); round++) {
                ring.submitAndWait(1, 50_000_000L);
                List<long[]> batch = new ArrayList<>();
                ring.reap((u, res, flags) -> batch.add(new long[] {u, res, flags}));
                for (long[] c : batch) {
                    if (c[0] == 4) {
                        assertEquals(payload.length, c[1], "send");
                        sent = true;
                    } else if (c[0] == 2) {
                        assertTrue(c[1] > 0, "recv res " + c[1]);
                        int flags = (int) c[2];
                        assertTrue(BufferRing.hasBuffer(flags), "the kernel picked a buffer");
                        assertTrue((flags & IORING_CQE_F_MORE) != 0, "multishot recv stays armed");
                        int bid = BufferRing.bufferId(flags);
                        MemorySegment data = slab.asSlice((long) bid * bufSize, c[1]);
                        received.writeBytes(data.toArray(ValueLayout.JAVA_BYTE));
                        buffers.recycle(slab.address() + (long) bid * bufSize, bufSize, bid);
                    }
                }
            }
            assertArrayEquals(payload, received.toByteArray(), "20000 bytes through 1 KiB provided buffers");

            // Close the sender through the ring: the receiver's multishot recv ends with EOF (res 0, no MORE).
            sqe = sq.getSqe();
            sq.prepClose(sqe, sender);
            sq.setUserData(sqe, 5);
            sqe = sq.getSqe();
            sq.prepCancel(sqe, 1, 0);
            sq.setUserData(sqe, 6);
            cqes = waitFor(ring, 4);
            assertEquals(0, find(cqes, 5)[1], "close through the ring");
            long[] eof = find(cqes, 2);
            assertEquals(0, eof[1], "EOF after the peer closed");
            assertEquals(0, eof[2] & IORING_CQE_F_MORE, "the multishot recv ended");
            long[] acceptEnd = find(cqes, 1);
            assertEquals(-Errno.ECANCELED, acceptEnd[1], "multishot accept cancelled");
            buffers.close();
            for (int fd : new int[] {accepted.get(0), accepted.get(1), clients[0] == sender ? clients[1] : clients[0],
                listener}) {
                Fd.close(fd);
            }
        }
    }

    /** The client whose local address is the accepted socket's peer. */
    private static int clientOf(int server, int[] clients, Arena arena) throws Exception {
        MemorySegment addr = arena.allocate(SockAddr.STORAGE_SIZE);
        MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.STORAGE_SIZE);
        Sockets.getpeername(server, addr, len);
        InetSocketAddress peer = SockAddr.decode(addr, len.get(ValueLayout.JAVA_INT, 0));
        for (int client : clients) {
            len.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.STORAGE_SIZE);
            Sockets.getsockname(client, addr, len);
            if (SockAddr.decode(addr, len.get(ValueLayout.JAVA_INT, 0)).equals(peer)) {
                return client;
            }
        }
        throw new AssertionError("no client matches " + peer);
    }

    /** A connected pair {client, server} made with plain blocking calls. */
    static int[] connectedPair(Arena arena) throws Exception {
        InetSocketAddress[] bound = new InetSocketAddress[1];
        int listener = listen(arena, bound);
        int client = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
        MemorySegment addr = arena.allocate(SockAddr.STORAGE_SIZE);
        Sockets.connect(client, addr, SockAddr.encode(addr, bound[0]));
        int server = Sockets.accept4(listener, MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC);
        Fd.close(listener);
        return new int[] {client, server};
    }

    @Test
    void sendZcCompletesThenNotifiesWhenTheKernelIsDoneWithTheBuffer() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(RingOptions.of(8))) {
            int[] pair = connectedPair(arena);
            byte[] payload = new byte[64 * 1024];
            new Random(3).nextBytes(payload);
            MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, payload);
            long sqe = ring.sq().getSqe();
            ring.sq().prepSendZc(sqe, pair[0], buf.address(), payload.length, Sockets.MSG_NOSIGNAL, 0);
            ring.sq().setUserData(sqe, 77);
            CompletableFuture<byte[]> read = readAll(pair[1], payload.length);
            List<long[]> cqes = waitFor(ring, 2);
            assertEquals(payload.length, cqes.get(0)[1], "first CQE: bytes sent");
            assertTrue((cqes.get(0)[2] & IORING_CQE_F_MORE) != 0, "first CQE announces the notification");
            assertEquals(77L, cqes.get(1)[0]);
            assertTrue((cqes.get(1)[2] & IORING_CQE_F_NOTIF) != 0, "second CQE is the notification");
            assertEquals(0, cqes.get(1)[2] & IORING_CQE_F_MORE, "nothing follows the notification");
            assertArrayEquals(payload, read.get());
            Fd.close(pair[0]);
            Fd.close(pair[1]);
        }
    }

    /** Reads exactly {@code n} bytes from {@code fd} on another thread, with plain read(2). */
    static CompletableFuture<byte[]> readAll(int fd, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment chunk = a.allocate(65536);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                while (out.size() < n) {
                    long got = Fd.read(fd, chunk);
                    if (got == 0) {
                        break;
                    }
                    out.writeBytes(chunk.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE));
                }
                return out.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void spliceMovesTenMebibyteFileThroughAPipeToASocketIntact(@TempDir Path dir) throws Exception {
        byte[] content = new byte[10 << 20];
        new Random(11).nextBytes(content);
        Path file = dir.resolve("ten-mib.bin");
        Files.write(file, content);
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(RingOptions.of(8))) {
            int[] pair = connectedPair(arena);
            int fileFd = Fd.open(file.toString(), Fd.O_RDONLY);
            long pipe = Pipes.pipe2(Fd.O_CLOEXEC);
            CompletableFuture<byte[]> read = readAll(pair[1], content.length);
            long offset = 0;
            int splices = 0;
            while (offset < content.length) {
                // file -> pipe at the file offset, then pipe -> socket until the pipe is empty again.
                long sqe = ring.sq().getSqe();
                ring.sq().prepSplice(sqe, fileFd, offset, Pipes.writeEnd(pipe), -1, 1 << 16, 0);
                ring.sq().setUserData(sqe, 1);
                int moved = (int) waitFor(ring, 1).get(0)[1];
                assertTrue(moved > 0, "splice file->pipe res " + moved);
                splices++;
                for (int left = moved; left > 0; ) {
                    sqe = ring.sq().getSqe();
                    ring.sq().prepSplice(sqe, Pipes.readEnd(pipe), -1, pair[0], -1, left, 0);
                    ring.sq().setUserData(sqe, 2);
                    int sent = (int) waitFor(ring, 1).get(0)[1];
                    assertTrue(sent > 0, "splice pipe->socket res " + sent);
                    left -= sent;
                    splices++;
                }
                offset += moved;
            }
            Fd.close(pair[0]);
            byte[] got = read.get();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            assertArrayEquals(sha.digest(content), MessageDigest.getInstance("SHA-256").digest(got),
                    "10 MiB arrived intact after " + splices + " splices");
            for (int fd : new int[] {pair[1], fileFd, Pipes.readEnd(pipe), Pipes.writeEnd(pipe)}) {
                Fd.close(fd);
            }
        }
    }

    @Test
    void pendingRecvIsCancelled() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(RingOptions.of(8))) {
            int[] pair = connectedPair(arena);
            MemorySegment buf = arena.allocate(256);
            long sqe = ring.sq().getSqe();
            ring.sq().prepRecv(sqe, pair[1], buf.address(), 256, 0);
            ring.sq().setUserData(sqe, 9);
            ring.submit();
            sqe = ring.sq().getSqe();
            ring.sq().prepCancel(sqe, 9, 0);
            ring.sq().setUserData(sqe, 10);
            List<long[]> cqes = waitFor(ring, 2);
            assertEquals(-Errno.ECANCELED, find(cqes, 9)[1], "the recv ended cancelled, no data had come");
            assertEquals(0, find(cqes, 10)[1], "the cancel found the recv");
            Fd.close(pair[0]);
            Fd.close(pair[1]);
        }
    }

    @Test
    void exhaustedBufferRingEndsMultishotRecvWithEnobufsAndLosesNoByte() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(RingOptions.of(8).withCqEntries(64))) {
            int[] pair = connectedPair(arena);
            int bufSize = 512;
            MemorySegment slab = arena.allocate(2L * bufSize, 64);
            BufferRing buffers = BufferRing.register(ring, 5, 2);
            for (int bid = 0; bid < 2; bid++) {
                buffers.add(slab.address() + (long) bid * bufSize, bufSize, bid, bid);
            }
            buffers.advance(2);
            byte[] payload = new byte[4096];
            new Random(5).nextBytes(payload);
            Fd.write(pair[0], arena.allocateFrom(ValueLayout.JAVA_BYTE, payload));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int enobufs = 0;
            for (int attempt = 0; attempt < 50 && received.size() < payload.length; attempt++) {
                long sqe = ring.sq().getSqe();
                ring.sq().prepRecvMultishot(sqe, pair[1], buffers.groupId(), 0);
                ring.sq().setUserData(sqe, 1);
                boolean ended = false;
                while (!ended && received.size() < payload.length) {
                    for (long[] c : waitFor(ring, 1)) {
                        int flags = (int) c[2];
                        if (c[1] > 0) {
                            int bid = BufferRing.bufferId(flags);
                            received.writeBytes(
                                    slab.asSlice((long) bid * bufSize, c[1]).toArray(ValueLayout.JAVA_BYTE));
                            buffers.recycle(slab.address() + (long) bid * bufSize, bufSize, bid);
                        } else {
                            assertEquals(-Errno.ENOBUFS, c[1], "only running out of buffers ends this recv");
                            enobufs++;
                        }
                        ended |= (flags & IORING_CQE_F_MORE) == 0;
                    }
                }
            }
            assertTrue(enobufs > 0, "two 512-byte buffers for 4 KiB must run out at least once");
            assertArrayEquals(payload, received.toByteArray(), "re-arming after ENOBUFS lost nothing");
            // The last recv is still armed: cancel it before its buffer group goes.
            long sqe = ring.sq().getSqe();
            ring.sq().prepCancel(sqe, 1, 0);
            ring.sq().setUserData(sqe, 2);
            assertEquals(-Errno.ECANCELED, find(waitFor(ring, 2), 1)[1]);
            buffers.close();
            Fd.close(pair[0]);
            Fd.close(pair[1]);
        }
    }
}
