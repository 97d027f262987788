package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringnet.server.transports.TransportKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TCP echo and the TCP proxy (to an upstream echo on NIO) over each transport: every byte comes back in order,
 * whatever the sizes, with concurrent connections, with a client that writes a lot before it reads (backpressure),
 * and with the client's half-close passed on.
 *
 * <p>Large transfers read back their known length rather than waiting for EOF after a half-close: on Netty
 * 4.2.17's epoll transport, a socket whose peer has half-closed can lose its epoll registration and then fail a
 * large write with ENOENT (see the README's known issues); the half-close tests keep to sizes that fit the socket
 * buffers.
 */
class TcpServicesTest {
    private static final int[] SIZES = {1, 17, 4096, 65_537, 1 << 20, 3_000_001};
    private static final int[] HALF_CLOSE_SIZES = {0, 1, 4096, 65_537};

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void echoReturnsEveryByteInOrder(TransportKind kind) throws Exception {
        roundTrips(TestServers.server(kind).echoAddress(), kind.ordinal(), SIZES, false);
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void proxyRelaysEveryByteBothWays(TransportKind kind) throws Exception {
        roundTrips(TestServers.server(kind).proxyAddress(), 100 + kind.ordinal(), SIZES, false);
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aClientsHalfCloseIsPassedOnAfterItsBytes(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        roundTrips(server.echoAddress(), 200 + kind.ordinal(), HALF_CLOSE_SIZES, true);
        roundTrips(server.proxyAddress(), 300 + kind.ordinal(), HALF_CLOSE_SIZES, true);
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aClientThatWritesBeforeReadingGetsEverythingBack(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        // 32 MiB is far beyond the socket buffers both ways: the server must stop reading while it cannot write.
        for (InetSocketAddress address : List.of(server.echoAddress(), server.proxyAddress())) {
            roundTrip(address, 32 << 20, 7, 300, false);
        }
    }

    private static void roundTrips(InetSocketAddress address, long seed, int[] sizes, boolean halfClose)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sizes.length);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                int size = sizes[i];
                long s = seed * 31 + i;
                results.add(pool.submit(() -> {
                    roundTrip(address, size, s, 0, halfClose);
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends {@code size} seeded random bytes from one thread while this one checks what comes back, starting to
     * read after {@code readDelayMillis}. With {@code halfClose} the client shuts down its output after sending
     * and expects EOF right after the last byte (the server passes the half-close on); otherwise it reads exactly
     * {@code size} bytes.
     */
    static void roundTrip(InetSocketAddress address, int size, long seed, long readDelayMillis, boolean halfClose)
            throws Exception {
        roundTrip(address, size, seed, readDelayMillis, halfClose, Long.MAX_VALUE, 0);
    }

    /** As above, and the reader pauses {@code pauseMillis} after every {@code pauseEvery} bytes: a slow reader. */
    static void roundTrip(InetSocketAddress address, int size, long seed, long readDelayMillis, boolean halfClose,
                          long pauseEvery, long pauseMillis) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5000);
            socket.setSoTimeout(30_000);
            Thread writer = Thread.ofPlatform().name("tcp-test-writer").start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    Random random = new Random(seed);
                    byte[] chunk = new byte[64 * 1024];
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        int n = Math.min(chunk.length, size - sent);
                        random.nextBytes(chunk);
                        out.write(chunk, 0, n);
                    }
                    if (halfClose) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("writing " + size + " bytes to " + address, e);
                }
            });
            Thread.sleep(readDelayMillis);
            long received = readAndCheck(socket.getInputStream(), size, seed, address, pauseEvery, pauseMillis);
            if (halfClose) {
                assertEquals(-1, socket.getInputStream().read(), "EOF after the echo via " + address);
            }
            writer.join(30_000);
            assertEquals(size, received, "bytes echoed via " + address);
        }
    }

    /** Reads up to {@code size} bytes (fewer at EOF), failing at the first one that differs from the seed's. */
    private static long readAndCheck(InputStream in, int size, long seed, InetSocketAddress address,
                                     long pauseEvery, long pauseMillis) throws IOException, InterruptedException {
        Random expected = new Random(seed);
        byte[] want = new byte[64 * 1024];
        byte[] got = new byte[64 * 1024];
        long received = 0;
        int wantPos = want.length;
        long sincePause = 0;
        while (received < size) {
            int n = in.read(got, 0, (int) Math.min(got.length, size - received));
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (wantPos == want.length) {
                    expected.nextBytes(want);
                    wantPos = 0;
                }
                if (got[i] != want[wantPos++]) {
                    throw new AssertionError("byte " + (received + i) + " of " + size + " differs via " + address);
                }
            }
            received += n;
            sincePause += n;
            if (sincePause >= pauseEvery) {
                Thread.sleep(pauseMillis);
                sincePause = 0;
            }
        }
        return received;
    }
}
