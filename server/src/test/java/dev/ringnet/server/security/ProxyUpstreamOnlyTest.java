package dev.ringnet.server.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ringnet.server.RingnetServer;
import dev.ringnet.server.TestServers;
import dev.ringnet.server.transports.TransportKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TCP proxy is not an open proxy: whatever a client sends (HTTP CONNECT, an absolute URI, a PROXY protocol
 * header, SOCKS 4 and 5 greetings, each naming another listener), the proxy connects to {@code --upstream} only and
 * relays the bytes unread. A decoy listener named in every request must never see a connection.
 */
class ProxyUpstreamOnlyTest {
    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void everyConnectionGoesToTheConfiguredUpstreamOnly(TransportKind kind) throws Exception {
        try (Recorder upstream = new Recorder(); Recorder decoy = new Recorder();
             RingnetServer server = TestServers.startDedicated(kind, "--proxy-port", "0", "--upstream",
                     "127.0.0.1:" + upstream.port())) {
            for (byte[] request : requestsNaming(decoy.port())) {
                try (Socket client = new Socket()) {
                    client.connect(server.proxyAddress(), 5_000);
                    client.setSoTimeout(10_000);
                    client.getOutputStream().write(request);
                    client.shutdownOutput();
                    byte[] received = upstream.received.poll(10, TimeUnit.SECONDS);
                    assertNotNull(received, "the upstream got no connection");
                    assertArrayEquals(request, received, "relayed unchanged");
                    assertEquals(-1, client.getInputStream().read(), "the upstream closed, so does the proxy");
                }
            }
            assertEquals(0, decoy.accepted.get(), "the proxy connected where a client told it to");
        }
    }

    private static List<byte[]> requestsNaming(int decoyPort) {
        String hostPort = "127.0.0.1:" + decoyPort;
        byte hi = (byte) (decoyPort >> 8);
        byte lo = (byte) decoyPort;
        return List.of(
                ascii("CONNECT " + hostPort + " HTTP/1.1\r\nHost: " + hostPort + "\r\n\r\n"),
                ascii("GET http://" + hostPort + "/ HTTP/1.1\r\nHost: " + hostPort + "\r\n\r\n"),
                ascii("PROXY TCP4 127.0.0.1 127.0.0.1 40000 " + decoyPort + "\r\n"),
                new byte[] {5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, hi, lo},      // SOCKS5 greeting and CONNECT
                new byte[] {4, 1, hi, lo, 127, 0, 0, 1, 0});                  // SOCKS4 CONNECT
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A loopback listener that records what each connection sends until EOF, then closes it. */
    private static final class Recorder implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor = Thread.ofVirtual().start(this::acceptAll);

        Recorder() throws IOException {
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    received.add(in.readAllBytes());
                } catch (IOException e) {
                    // Closed by close(), or a connection that failed: the assertions count what arrived.
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5_000);
        }
    }
}
