package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.transports.TransportKind;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Static files over each transport: bytes, HEAD, ranges, conditional requests, types, and nothing outside root. */
class StaticFilesTest {
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

    private static URI uri(RingnetServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + path);
    }

    private static HttpResponse<byte[]> get(RingnetServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void smallFilesHaveTheirBytesAndContentTypes(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        HttpResponse<byte[]> hello = get(server, "/hello.txt");
        assertEquals(200, hello.statusCode());
        assertArrayEquals(Files.readAllBytes(TestSite.root().resolve("hello.txt")), hello.body());
        assertEquals("text/plain; charset=utf-8", hello.headers().firstValue("content-type").orElseThrow());
        assertEquals("text/html; charset=utf-8",
                get(server, "/page.html").headers().firstValue("content-type").orElseThrow());
        HttpResponse<byte[]> empty = get(server, "/empty.bin");
        assertEquals(200, empty.statusCode());
        assertEquals(0, empty.body().length);
        assertEquals("application/octet-stream", empty.headers().firstValue("content-type").orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aSixtyFourMebibyteFileArrivesIntact(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri(server, "/big.bin"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(TestSite.BIG_SIZE), response.headers().firstValue("content-length").orElseThrow());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
        }
        assertEquals(TestSite.BIG_SIZE, total);
        assertEquals(TestSite.bigSha256(), HexFormat.of().formatHex(sha.digest()));
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void headSendsTheHeadersOfGetWithoutABody(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        try (RawHttp raw = new RawHttp(server.httpAddress())) {
            raw.send("HEAD /big.bin HTTP/1.1\r\nHost: t\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n");
            RawHttp.Response head = raw.read(true);
            assertEquals(200, head.status());
            assertEquals(String.valueOf(TestSite.BIG_SIZE), head.header("content-length"));
            assertNotNull(head.header("etag"));
            // The next response follows at once: the HEAD answer carried no body bytes.
            RawHttp.Response next = raw.read();
            assertEquals(TestSite.HELLO, next.text());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void singleRangesAnswer206AndRangesPastTheEnd416(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        byte[] big = Files.readAllBytes(TestSite.root().resolve("big.bin"));
        HttpResponse<byte[]> middle = get(server, "/big.bin", "Range", "bytes=1000000-1999999");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 1000000-1999999/" + big.length,
                middle.headers().firstValue("content-range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(big, 1_000_000, 2_000_000), middle.body());

        HttpResponse<byte[]> suffix = get(server, "/big.bin", "Range", "bytes=-100");
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(big, big.length - 100, big.length), suffix.body());

        HttpResponse<byte[]> open = get(server, "/hello.txt", "Range", "bytes=6-");
        assertEquals(206, open.statusCode());
        assertEquals(TestSite.HELLO.substring(6), new String(open.body()));

        HttpResponse<byte[]> beyond = get(server, "/hello.txt", "Range", "bytes=9999-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + TestSite.HELLO.length(),
                beyond.headers().firstValue("content-range").orElseThrow());

        HttpResponse<byte[]> several = get(server, "/hello.txt", "Range", "bytes=0-1,4-5");
        assertEquals(200, several.statusCode(), "several ranges are not served: the whole file is");
        assertEquals(TestSite.HELLO, new String(several.body()));
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void conditionalRequestsAnswer304(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        HttpResponse<byte[]> first = get(server, "/hello.txt");
        String etag = first.headers().firstValue("etag").orElseThrow();
        String lastModified = first.headers().firstValue("last-modified").orElseThrow();

        HttpResponse<byte[]> byTag = get(server, "/hello.txt", "If-None-Match", etag);
        assertEquals(304, byTag.statusCode());
        assertEquals(0, byTag.body().length);
        assertEquals(etag, byTag.headers().firstValue("etag").orElseThrow());
        assertEquals(304, get(server, "/hello.txt", "If-None-Match", "\"other\", W/" + etag).statusCode());
        assertEquals(200, get(server, "/hello.txt", "If-None-Match", "\"other\"").statusCode());

        assertEquals(304, get(server, "/hello.txt", "If-Modified-Since", lastModified).statusCode());
        assertEquals(200, get(server, "/hello.txt", "If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")
                .statusCode());
        // If-None-Match decides alone when both are present.
        assertEquals(200, get(server, "/hello.txt", "If-None-Match", "\"other\"", "If-Modified-Since", lastModified)
                .statusCode());
        // A Range under a stale If-Range gets the whole file.
        assertEquals(200, get(server, "/hello.txt", "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode());
        assertEquals(206, get(server, "/hello.txt", "Range", "bytes=0-1", "If-Range", etag).statusCode());
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void directoriesServeTheirIndexAfterASlash(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        HttpResponse<byte[]> redirect = get(server, "/dir?x=1");
        assertEquals(301, redirect.statusCode());
        assertEquals("/dir/?x=1", redirect.headers().firstValue("location").orElseThrow());
        HttpResponse<byte[]> index = get(server, "/dir/");
        assertEquals(200, index.statusCode());
        assertEquals("<p>index of dir</p>\n", new String(index.body()));
        assertEquals(404, get(server, "/no-such-file").statusCode());
        assertEquals(405, client.send(HttpRequest.newBuilder(uri(server, "/hello.txt"))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    /** Attempts to leave the root, each sent raw on its own connection (real clients normalize such paths). */
    static final List<String> TRAVERSALS = List.of(
            "/../secret.txt", "/dir/../../secret.txt", "/./hello.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
            "/dir/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt",
            "/..\\secret.txt", "/dir\\..\\..\\secret.txt", "/hello.txt%00.html", "/%00", "/%c0%ae%c0%ae/secret.txt",
            "/escape.txt", "/dirlink/secret.txt", "/.hidden", "/dir/%2e%2e%2f%2e%2e%2fsecret.txt",
            "//../secret.txt", "/%", "/%zz", "http://t/../secret.txt",
            // Absolute URIs naming other hosts or schemes, more double encoding, raw NUL and backslash starts.
            "http://evil.example/../secret.txt", "HTTP://T/%2e%2e/secret.txt", "http://t/dir/..%2f..%2fsecret.txt",
            "file:///etc/passwd", "/%2500", "/dir/..%252f..%252fsecret.txt", "/%25%32%65%25%32%65/secret.txt",
            "/.%2e/secret.txt", "/%2e./secret.txt", "/..;/secret.txt", "/hello.txt\u0000.html", "\\..\\secret.txt",
            "/%5c..%5csecret.txt", "/dirlink/../secret.txt", "/dirlink%2fsecret.txt", "/etc/passwd", "*");

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void nothingOutsideTheRootIsServed(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        for (String path : TRAVERSALS) {
            try (RawHttp raw = new RawHttp(server.httpAddress())) {
                raw.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertTrue(List.of(400, 403, 404).contains(response.status()),
                        path + " answered " + response.status());
                assertFalse(response.text().contains(TestSite.SECRET), path + " leaked the secret");
            }
        }
    }
}
