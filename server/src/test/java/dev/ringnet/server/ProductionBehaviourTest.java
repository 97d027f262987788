package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.transports.TransportKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What keeps the server up under abuse and lets it stop without dropping work, over each transport: the
 * connection limit, the header, idle and write timeouts, and a graceful shutdown with requests in flight. Each test
 * starts a server of its own with small limits.
 */
class ProductionBehaviourTest {
    private static final String HELLO_REQUEST = "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n";

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void connectionsBeyondTheLimitAreClosedAtAcceptAndCounted(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--max-connections", "3")) {
            List<RawHttp> admitted = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttp raw = new RawHttp(server.httpAddress());
                    admitted.add(raw);
                    raw.send(HELLO_REQUEST);
                    assertEquals(HelloRoute.BODY, raw.read().text());
                }
                try (RawHttp extra = new RawHttp(server.httpAddress(), 5000)) {
                    extra.send(HELLO_REQUEST);
                    assertTrue(extra.closedByPeer(), "the fourth connection must be closed unanswered");
                }
                assertEquals(1.0, MetricsText.value(server, "ringnet_connections_rejected_total{listener=\"http\"}"));
                admitted.removeFirst().close();
                // The server sees the close on its own time: once it has, a new connection is admitted again.
                awaitTrue(() -> server.openConnections() == 2, 5000);
                try (RawHttp again = new RawHttp(server.httpAddress())) {
                    again.send(HELLO_REQUEST);
                    assertEquals(HelloRoute.BODY, again.read().text());
                }
            } finally {
                for (RawHttp raw : admitted) {
                    raw.close();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aRequestHeadThatTricklesInIsCutAtTheHeaderTimeout(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--header-timeout", "400ms",
                "--idle-timeout", "30s")) {
            try (RawHttp slow = new RawHttp(server.httpAddress(), 5000);
                 RawHttp silent = new RawHttp(server.httpAddress(), 5000);
                 RawHttp keepAlive = new RawHttp(server.httpAddress(), 5000)) {
                keepAlive.send(HELLO_REQUEST);
                assertEquals(HelloRoute.BODY, keepAlive.read().text());
                long start = System.nanoTime();
                slow.send("GET /hello HTTP/1.1\r\n");
                boolean cut = false;
                for (int i = 0; i < 40 && !cut; i++) {
                    Thread.sleep(100);
                    try {
                        slow.send("X-Slow-" + i + ": y\r\n"); // a slowloris: never finishes the head
                    } catch (IOException e) {
                        cut = true;
                    }
                }
                assertTrue(slow.closedByPeer(), "the slow head must be cut");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 3000, "cut after " + millis + " ms, the timeout is 400 ms");
                assertTrue(silent.closedByPeer(), "a connection that never sends a head is cut too");
                // A keep-alive connection between requests is idle, not slow: the header timeout leaves it alone.
                keepAlive.send(HELLO_REQUEST);
                assertEquals(HelloRoute.BODY, keepAlive.read().text());
                assertTrue(MetricsText.value(server, "ringnet_connections_timed_out_total{reason=\"header\"}") >= 2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void quietConnectionsCloseAtTheIdleTimeout(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--idle-timeout", "300ms",
                "--echo-port", "0")) {
            try (RawHttp http = new RawHttp(server.httpAddress(), 5000);
                 Socket echo = new Socket()) {
                echo.connect(server.echoAddress(), 5000);
                echo.setSoTimeout(5000);
                http.send(HELLO_REQUEST);
                assertEquals(HelloRoute.BODY, http.read().text());
                long start = System.nanoTime();
                assertTrue(http.closedByPeer());
                assertEquals(-1, echo.getInputStream().read());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 3000, "closed after " + millis + " ms, the timeout is 300 ms");
                assertTrue(MetricsText.value(server, "ringnet_connections_timed_out_total{reason=\"idle\"}") >= 2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aClientThatStopsReadingIsCutAtTheWriteTimeout(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--write-timeout", "300ms",
                "--idle-timeout", "30s")) {
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(64 * 1024);
                socket.connect(server.httpAddress(), 5000);
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
                awaitTrue(() -> MetricsText.value(server,
                        "ringnet_connections_timed_out_total{reason=\"write\"}") >= 1, 5000);
                long read = socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                assertTrue(read < TestSite.BIG_SIZE, "the stalled download must have been cut, read " + read);
            } catch (java.net.SocketException reset) {
                // Closed with unsent data: the kernel may answer with a reset. Cut, as wanted.
                assertTrue(MetricsText.value(server, "ringnet_connections_timed_out_total{reason=\"write\"}") >= 1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aGracefulShutdownFinishesInFlightRequestsAndClosesIdleConnections(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.startDedicated(kind, "--shutdown-timeout", "5s");
        InetSocketAddress address = server.httpAddress();
        try (RawHttp idle = new RawHttp(address, 5000);
             RawHttp busy = new RawHttp(address, 5000)) {
            idle.send(HELLO_REQUEST);
            assertEquals(HelloRoute.BODY, idle.read().text());
            String partial = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n01234";
            busy.send(partial);
            // Bytes still in the kernel's buffers are invisible to the server, which would take the connection for
            // idle: wait until it has read them all.
            double sent = HELLO_REQUEST.length() + partial.length();
            awaitTrue(() -> MetricsText.value(server, "ringnet_received_bytes_total{listener=\"http\"}") >= sent, 5000);
            long start = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
                try {
                    server.shutdownGracefully();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(idle.closedByPeer(), "an idle keep-alive connection closes at once");
            awaitTrue(() -> refused(address), 5000);
            assertFalse(shutdown.isDone(), "the request in flight holds the shutdown");
            busy.send("56789");
            RawHttp.Response response = busy.read();
            assertEquals(200, response.status());
            assertEquals("0123456789", response.text());
            assertEquals("close", response.header("connection"));
            assertTrue(busy.closedByPeer());
            shutdown.get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 5000, "stopped after " + millis + " ms, the timeout is 5 s");
        } finally {
            server.close();
        }
    }

    private static boolean refused(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aTakenPortIsAStartupFailureNamingTheListener(TransportKind kind) throws Exception {
        try (RingnetServer first = TestServers.startDedicated(kind)) {
            StartupException e = assertThrows(StartupException.class, () -> TestServers.startDedicated(kind,
                    "--http-port", String.valueOf(first.httpAddress().getPort())));
            assertTrue(e.getMessage().startsWith("cannot listen for http on 127.0.0.1:"), e.getMessage());
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Condition condition, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition still false after " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }
}
