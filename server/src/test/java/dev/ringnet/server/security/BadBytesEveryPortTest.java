package dev.ringnet.server.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.RawHttp;
import dev.ringnet.server.RingnetServer;
import dev.ringnet.server.TestServers;
import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.transports.TransportKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random bytes to every port of a server (HTTP, echo, proxy, separate metrics) on every transport: HTTP
 * answers, if at all, with a status below 500 and no stack trace; echo and the proxy give the bytes back exactly;
 * and afterwards every port still serves correct answers on the same single event loop (none died).
 */
class BadBytesEveryPortTest {
    private static final int CONNECTIONS_PER_PORT = 16;
    private static final int MAX_LENGTH = 3000;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void randomBytesLeaveEveryPortServing(TransportKind kind) throws Exception {
        InetSocketAddress upstream = TestServers.server(TransportKind.NIO).echoAddress();
        try (RingnetServer server = TestServers.startDedicated(kind, "--echo-port", "0", "--proxy-port", "0",
                "--upstream", "127.0.0.1:" + upstream.getPort(), "--metrics-address", "127.0.0.1:0")) {
            Random random = new Random(20261203L + kind.ordinal());
            for (int i = 0; i < CONNECTIONS_PER_PORT; i++) {
                httpAnswerIsDefined(server.httpAddress(), junk(random, i));
                httpAnswerIsDefined(server.metricsAddress(), junk(random, i));
                byte[] bytes = junk(random, i);
                assertArrayEquals(bytes, exchange(server.echoAddress(), bytes), "echo");
                bytes = junk(random, i);
                assertArrayEquals(bytes, exchange(server.proxyAddress(), bytes), "proxy");
            }
            stillServing(server);
        }
    }

    /** Pure noise, or noise behind a plausible start so the parser gets past the first bytes. */
    private static byte[] junk(Random random, int i) {
        byte[] noise = new byte[1 + random.nextInt(MAX_LENGTH)];
        random.nextBytes(noise);
        String prefix = switch (i % 4) {
            case 0 -> "";
            case 1 -> "GET /";
            case 2 -> "GET /hello HTTP/1.1\r\nHost: t\r\n";
            default -> "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde";
        };
        byte[] start = prefix.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(start, start.length + noise.length);
        System.arraycopy(noise, 0, all, start.length, noise.length);
        return all;
    }

    private static void httpAnswerIsDefined(InetSocketAddress address, byte[] request) throws IOException {
        String answer = new String(exchange(address, request), StandardCharsets.ISO_8859_1);
        Matcher status = STATUS_LINE.matcher(answer);
        while (status.find()) {
            int code = Integer.parseInt(status.group(1));
            assertTrue(code < 500, "answered " + code + ": " + answer);
        }
        assertFalse(answer.contains("Exception") || answer.contains("\tat "), "a stack trace went out: " + answer);
    }

    /** Sends {@code bytes}, ends the output, and reads until the server closes. */
    private static byte[] exchange(InetSocketAddress address, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(bytes);
                socket.shutdownOutput();
            } catch (SocketException e) {
                // HTTP may answer 400 and close before all the noise is written: read what it said.
            }
            try {
                return socket.getInputStream().readAllBytes();
            } catch (SocketException e) {
                return new byte[0]; // reset after its answer: the answer was cut, the server is checked below
            }
        }
    }

    private static void stillServing(RingnetServer server) throws Exception {
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(HelloRoute.BODY, raw.read().text());
        }
        try (RawHttp raw = new RawHttp(server.metricsAddress())) {
            raw.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
            RawHttp.Response scrape = raw.read();
            assertEquals(200, scrape.status());
            assertTrue(scrape.text().contains("ringnet_connections_accepted_total"), scrape.text());
        }
        byte[] ping = "ping after noise".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(ping, exchange(server.echoAddress(), ping));
        assertArrayEquals(ping, exchange(server.proxyAddress(), ping));
    }
}
