package dev.ringnet.server.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringnet.server.http.routes.HelloRoute;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

/** The traffic that proves a containerised server works: {@code GET /hello} and a TCP echo round trip. */
final class Traffic {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Traffic() {
    }

    /** {@code GET /hello} on 127.0.0.1:{@code port} answers 200 with the benchmark body. */
    static void assertHelloAnswers(int port) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/hello")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(HelloRoute.BODY, response.body());
        }
    }

    /** 256 KiB of random bytes sent to the echo port come back intact (more than one socket buffer's worth). */
    static void assertEchoes(int port) throws Exception {
        byte[] sent = new byte[256 * 1024];
        new Random(port).nextBytes(sent);
        byte[] received = new byte[sent.length];
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            // Write from another thread: the echo stops reading while its answer is not taken.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(sent);
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException("echo write: " + e, e);
                }
            });
            new DataInputStream(socket.getInputStream()).readFully(received);
            writer.join(TIMEOUT);
        }
        assertArrayEquals(sent, received, "the echo changed the bytes");
    }
}
