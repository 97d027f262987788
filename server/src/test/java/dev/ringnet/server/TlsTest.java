package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.config.ConfigException;
import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.transports.TransportKind;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTPS with --tls-cert and --tls-key over each transport: files arrive intact as encrypted chunks. */
class TlsTest {
    @TempDir
    static Path dir;
    private static Path cert;
    private static Path key;
    private static SSLContext clientContext;

    @BeforeAll
    static void certificate() throws Exception {
        X509Bundle bundle = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .setIsCertificateAuthority(true).ecp256()
                .notBefore(Instant.now().minusSeconds(3600)).notAfter(Instant.now().plusSeconds(86_400))
                .buildSelfSigned();
        cert = Files.writeString(dir.resolve("cert.pem"), bundle.getCertificatePathPEM());
        key = Files.writeString(dir.resolve("key.pem"), bundle.getPrivateKeyPEM());
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, bundle.toTrustManagerFactory().getTrustManagers(), null);
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void httpsServesFilesAndRoutes(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--tls-cert", cert.toString(),
                "--tls-key", key.toString());
             HttpClient client = HttpClient.newBuilder().sslContext(clientContext)
                     .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
            assertTrue(server.startupLine(1).contains(" tls=on "));
            String base = "https://127.0.0.1:" + server.httpAddress().getPort();
            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HelloRoute.BODY, hello.body());
            HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(URI.create(base + "/big.bin"))
                    .header("Range", "bytes=0-8388607").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, big.statusCode());
            byte[] expected = new byte[8 << 20];
            try (var in = Files.newInputStream(TestSite.root().resolve("big.bin"))) {
                assertEquals(expected.length, in.readNBytes(expected, 0, expected.length));
            }
            assertArrayEquals(expected, big.body());
        }
    }

    @Test
    void aKeyThatIsNotPemIsAConfigurationError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a key");
        ConfigException e = assertThrows(ConfigException.class, () -> Main.start(java.util.List.of(
                "--transport", "nio", "--http-port", "0", "--tls-cert", cert.toString(), "--tls-key", bad.toString(),
                "--log-level", "warn"), Map.of()));
        assertTrue(e.getMessage().startsWith("--tls-cert "), e.getMessage());
    }
}
