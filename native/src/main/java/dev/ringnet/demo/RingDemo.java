package dev.ringnet.demo;

import static dev.ringnet.uring.IoUringConstants.IORING_OP_ACCEPT;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_CONNECT;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_RECV;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SEND;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import dev.ringnet.linux.SockAddr;
import dev.ringnet.linux.Sockets;
import dev.ringnet.uring.CompletionHandler;
import dev.ringnet.uring.IoUringSupport;
import dev.ringnet.uring.Ring;
import dev.ringnet.uring.RingOptions;
import dev.ringnet.uring.SubmissionQueue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code bin/ringnet demo}: shows the ring working on this host. Prints whether io_uring is usable (or why not),
 * the cost of NOPs submitted in batches, and the round-trip time of a 64-byte TCP ping-pong over loopback done
 * entirely through one ring on one thread (accept, connect, send and recv are all ring requests).
 */
public final class RingDemo {
    private static final int PINGS = 20_000;
    private static final int SIZE = 64;

    private RingDemo() {
    }

    /** Runs the demo; exits with status 1 if io_uring cannot be used here. */
    public static void main(String[] args) throws Exception {
        if (!IoUringSupport.isAvailable()) {
            System.out.println("io_uring: unavailable: " + IoUringSupport.unavailabilityCause().getMessage());
            System.exit(1);
        }
        System.out.printf("io_uring: available, kernel features 0x%x%n", IoUringSupport.features());
        nops();
        pingPong();
    }

    private static void nops() throws ErrnoException {
        try (Ring ring = Ring.open(RingOptions.of(64))) {
            CompletionHandler ignore = (userData, res, flags) -> { };
            long start = 0;
            int rounds = 60_000;
            for (int round = 0; round < rounds; round++) {
                if (round == rounds / 2) {
                    start = System.nanoTime(); // first half is JIT warm-up
                }
                for (int i = 0; i < 32; i++) {
                    ring.sq().prepNop(ring.sq().getSqe());
                }
                ring.submitAndWait(32);
                ring.reap(ignore);
            }
            double perNop = (System.nanoTime() - start) / (rounds / 2 * 32.0);
            System.out.printf("NOP: %.0f ns each, in batches of 32 (one io_uring_enter per batch)%n", perNop);
        }
    }

    /** What the ping-pong's completions are: the op in the high bits, the side (0 client, 1 server) in the low. */
    private static long tag(int op, int side) {
        return ((long) op << 8) | side;
    }

    private static void pingPong() throws Exception {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(RingOptions.of(16))) {
            int listener = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
            MemorySegment addr = arena.allocate(SockAddr.STORAGE_SIZE);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            Sockets.bind(listener, addr, SockAddr.encode(addr, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0)));
            Sockets.listen(listener, 1);
            len.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.STORAGE_SIZE);
            Sockets.getsockname(listener, addr, len);
            int client = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
            Sockets.setsockoptInt(client, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);

            SubmissionQueue sq = ring.sq();
            long sqe = sq.getSqe();
            sq.prepAccept(sqe, listener, MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC);
            sq.setUserData(sqe, tag(IORING_OP_ACCEPT, 1));
            sqe = sq.getSqe();
            sq.prepConnect(sqe, client, addr, len.get(ValueLayout.JAVA_INT, 0));
            sq.setUserData(sqe, tag(IORING_OP_CONNECT, 0));
            int[] server = {-1};
            long[] results = new long[2];
            while (server[0] < 0 || results[0] == 0) {
                ring.submitAndWait(1);
                ring.reap((userData, res, flags) -> {
                    check(res, userData);
                    if (userData == tag(IORING_OP_ACCEPT, 1)) {
                        server[0] = res;
                    } else {
                        results[0] = 1;
                    }
                });
            }
            Sockets.setsockoptInt(server[0], Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);

            MemorySegment ping = arena.allocate(SIZE);
            MemorySegment serverBuf = arena.allocate(SIZE);
            MemorySegment clientBuf = arena.allocate(SIZE);
            PingPong game = new PingPong(ring, client, server[0], ping, serverBuf, clientBuf);
            game.run(PINGS / 2); // warm-up
            long start = System.nanoTime();
            game.run(PINGS);
            double micros = (System.nanoTime() - start) / 1000.0 / PINGS;
            System.out.printf("TCP ping-pong, %d bytes over loopback, all through one ring: %.1f us per round trip"
                    + " (%d round trips)%n", SIZE, micros, PINGS);
            Fd.close(client);
            Fd.close(server[0]);
            Fd.close(listener);
        }
    }

    private static void check(int res, long userData) {
        if (res < 0) {
            throw new IllegalStateException("request " + Long.toHexString(userData) + " failed: errno " + -res);
        }
    }

    /** Client sends, server receives and echoes, client receives: one round trip per loop. */
    private static final class PingPong implements CompletionHandler {
        private final Ring ring;
        private final int client;
        private final int server;
        private final MemorySegment ping;
        private final MemorySegment serverBuf;
        private final MemorySegment clientBuf;
        private int roundTrips;
        private int target;

        PingPong(Ring ring, int client, int server, MemorySegment ping, MemorySegment serverBuf,
                MemorySegment clientBuf) {
            this.ring = ring;
            this.client = client;
            this.server = server;
            this.ping = ping;
            this.serverBuf = serverBuf;
            this.clientBuf = clientBuf;
        }

        void run(int count) throws ErrnoException {
            roundTrips = 0;
            target = count;
            submit(tag(IORING_OP_RECV, 1), server, serverBuf, true);
            submit(tag(IORING_OP_RECV, 0), client, clientBuf, true);
            submit(tag(IORING_OP_SEND, 0), client, ping, false);
            while (roundTrips < count) {
                ring.submitAndWait(1);
                ring.reap(this);
            }
            // Only the server's next receive is still armed (no ping will come): cancel it and collect both CQEs,
            // with the echo's SEND if it had not been reaped yet.
            long sqe = ring.sq().getSqe();
            ring.sq().prepCancel(sqe, tag(IORING_OP_RECV, 1), 0);
            ring.sq().setUserData(sqe, 0);
            int pending = 2;
            while (pending > 0) {
                ring.submitAndWait(1);
                pending -= ring.reap((u, r, f) -> { });
            }
        }

        private void submit(long tag, int fd, MemorySegment buf, boolean recv) {
            long sqe = ring.sq().getSqe();
            if (recv) {
                ring.sq().prepRecv(sqe, fd, buf.address(), SIZE, Sockets.MSG_WAITALL);
            } else {
                ring.sq().prepSend(sqe, fd, buf.address(), SIZE, Sockets.MSG_NOSIGNAL);
            }
            ring.sq().setUserData(sqe, tag);
        }

        @Override
        public void handle(long userData, int res, int flags) {
            check(res, userData);
            if (userData == tag(IORING_OP_RECV, 1)) {
                submit(tag(IORING_OP_SEND, 1), server, serverBuf, false); // echo
                submit(tag(IORING_OP_RECV, 1), server, serverBuf, true);
            } else if (userData == tag(IORING_OP_RECV, 0) && ++roundTrips < target) {
                submit(tag(IORING_OP_RECV, 0), client, clientBuf, true);
                submit(tag(IORING_OP_SEND, 0), client, ping, false);
            }
        }
    }
}
