package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.transports.TransportKind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** /hello, /echo, /healthz, /metrics, /caption, pipelining, and the request limits, over each transport. */
class HttpEndpointsTest {
    private static HttpClient client;

    @BeforeAll
    static void client() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    private static HttpRequest.Builder request(RingnetServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + path))
                .timeout(Duration.ofSeconds(20));
    }

    private static HttpResponse<String> get(RingnetServer server, String path) throws Exception {
        return client.send(request(server, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void helloAndHealth(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        HttpResponse<String> hello = get(server, "/hello");
        assertEquals(200, hello.statusCode());
        assertEquals(HelloRoute.BODY, hello.body());
        assertEquals("text/plain; charset=utf-8", hello.headers().firstValue("content-type").orElseThrow());
        String date = hello.headers().firstValue("date").orElseThrow();
        long skew = java.time.Duration.between(java.time.ZonedDateTime.parse(date,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), java.time.Instant.now())
                .toSeconds();
        assertTrue(Math.abs(skew) <= 2, "Date " + date);
        assertEquals(405, client.send(request(server, "/hello").POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> health = get(server, "/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void captionIsAPngOfTheTemplateSize(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        BufferedImage template = ImageIO.read(HttpEndpointsTest.class.getResource("/caption/templates/checks.png"));
        HttpResponse<byte[]> got = client.send(request(server,
                "/caption?template=checks&top=Hello%20there&bottom=%C3%A9t%C3%A9%20" + kind.ordinal()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode(), () -> new String(got.body(), StandardCharsets.UTF_8));
        assertEquals("image/png", got.headers().firstValue("content-type").orElseThrow());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(got.body()));
        assertEquals(template.getWidth(), image.getWidth());
        assertEquals(template.getHeight(), image.getHeight());
        assertTrue(differs(template, image), "captions were drawn on the template");

        HttpResponse<byte[]> posted = client.send(request(server, "/caption").header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "{\"template\":\"checks\",\"bottom\":\"from json\"}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, posted.statusCode());
        assertEquals(template.getWidth(), ImageIO.read(new ByteArrayInputStream(posted.body())).getWidth());
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void badCaptionInputIsA400NamingTheField(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        HttpResponse<String> unknown = get(server, "/caption?template=nope&top=a");
        assertEquals(400, unknown.statusCode());
        assertEquals("application/json", unknown.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"error\":\"unknown template\",\"field\":\"template\"}", unknown.body());
        HttpResponse<String> badJson = client.send(request(server, "/caption").POST(
                HttpRequest.BodyPublishers.ofString("{\"template\":\"checks\",\"top\":5}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body().contains("\"field\":\"top\""), badJson.body());
        assertEquals(200, get(server, "/hello").statusCode(), "the connection and server still serve");
    }

    /** Whether any pixel of {@code b} differs from {@code a} (same size). */
    private static boolean differs(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void echoReturnsTheBody(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        Random random = new Random(kind.ordinal());
        for (int size : new int[] {0, 1, 1000, 65_536, 300_000, 1 << 20}) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            HttpResponse<byte[]> echo = client.send(request(server, "/echo").header("Content-Type", "x-test/bytes")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, echo.statusCode(), "size " + size);
            assertArrayEquals(body, echo.body(), "size " + size);
            assertEquals("x-test/bytes", echo.headers().firstValue("content-type").orElseThrow());
        }
        assertEquals(405, get(server, "/echo").statusCode());
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void metricsAreInPrometheusTextFormat(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        get(server, "/hello");
        get(server, "/no-such-file");
        HttpResponse<String> metrics = get(server, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = MetricsText.parse(metrics.body());
        assertEquals(1.0, samples.get("ringnet_transport_info{transport=\"" + kind.displayName() + "\"}"));
        assertTrue(samples.get("ringnet_http_requests_total{status=\"200\"}") >= 1);
        assertTrue(samples.get("ringnet_http_requests_total{status=\"404\"}") >= 1);
        assertTrue(samples.get("ringnet_connections_accepted_total{listener=\"http\"}") >= 1);
        assertTrue(samples.get("ringnet_connections_open{listener=\"http\"}") >= 1);
        assertTrue(samples.containsKey("ringnet_connections_rejected_total{listener=\"http\"}"));
        assertTrue(samples.get("ringnet_received_bytes_total{listener=\"http\"}") > 0);
        assertTrue(samples.get("ringnet_sent_bytes_total{listener=\"http\"}") > 0);
        assertTrue(samples.get("ringnet_http_request_duration_seconds_count") >= 2);
        assertEquals(0.0, samples.get("ringnet_caption_renders_queued"), "no render waits on an idle server");
        assertTrue(samples.get("ringnet_http_request_duration_seconds_bucket{le=\"+Inf\"}") >= 2);
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void pipelinedRequestsAreAnsweredInOrder(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        StringBuilder requests = new StringBuilder();
        int count = 30;
        for (int i = 0; i < count; i++) {
            switch (i % 3) {
                case 0 -> requests.append("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
                case 1 -> requests.append("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: ")
                        .append(String.valueOf(i).length()).append("\r\n\r\n").append(i);
                default -> requests.append("GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n");
            }
        }
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            raw.send(requests.toString());
            for (int i = 0; i < count; i++) {
                RawHttp.Response response = raw.read();
                assertEquals(200, response.status(), "response " + i);
                String expected = switch (i % 3) {
                    case 0 -> HelloRoute.BODY;
                    case 1 -> String.valueOf(i);
                    default -> TestSite.HELLO;
                };
                assertEquals(expected, response.text(), "response " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void oversizedHeadersUrisAndBodiesAnswer431And414And413(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertEquals(431, response.status());
            assertEquals("close", response.header("connection"));
            assertTrue(raw.closedByPeer());
        }
        for (int length : new int[] {4097, 20_000}) {
            try (RawHttp raw = new RawHttp(server.httpAddress())) {
                raw.send("GET /" + "a".repeat(length) + " HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(414, raw.read().status(), "uri of " + length);
            }
        }
        HttpResponse<String> tooLarge = client.send(request(server, "/echo")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(1 << 20) + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode());
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            // Declared too large before any body: answered at once, the connection kept (the body is skipped).
            raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertEquals(413, response.status());
            assertNull(response.header("connection"));
            raw.send(new byte[2_000_000]);
            raw.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(HelloRoute.BODY, raw.read().text());
        }
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            // Chunked, so the size shows only as the body arrives: 413, then the connection closes.
            raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n");
            raw.send(new byte[0x100000]);
            raw.send("\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertEquals(413, response.status());
            assertEquals("close", response.header("connection"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void ambiguousRequestsAnswer400AndClose(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        String[] smuggling = {
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4, 5\r\n\r\nabcde",
            "GET /hello HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n",
            "NOT-HTTP\r\n\r\n",
            "GET /hello HTTP/1.1\r\n\r\n",
            "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        };
        for (String request : smuggling) {
            try (RawHttp raw = new RawHttp(server.httpAddress())) {
                raw.send(request + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertEquals(400, response.status(), request);
                assertEquals("close", response.header("connection"), request);
                assertTrue(raw.closedByPeer(), "the request after an ambiguous one must not be answered: " + request);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void keepAliveFollowsTheProtocolVersion(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            raw.send("GET /hello HTTP/1.0\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertEquals(HelloRoute.BODY, response.text());
            assertEquals("close", response.header("connection"));
            assertTrue(raw.closedByPeer());
        }
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            raw.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("keep-alive", raw.read().header("connection"));
            raw.send("GET http://t/hello HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(HelloRoute.BODY, new String(raw.read().body(), StandardCharsets.UTF_8));
        }
    }
}
