package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.transports.TransportKind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 256 MiB file on every transport, as the zero-copy paths send it: whole, as a 100 MiB range from an odd offset,
 * and to a client that reads slowly; each body compared by SHA-256 with the file's bytes, streamed (never held).
 */
class LargeFileTest {
    private static final int SIZE = 256 << 20;
    private static Path dir;
    private static String wholeSha;
    private static String rangeSha;
    private static final long RANGE_START = 12_345_677;
    private static final long RANGE_LENGTH = 100L << 20;

    @BeforeAll
    static void makeFile() throws Exception {
        dir = Files.createTempDirectory("ringnet-large-");
        MessageDigest whole = MessageDigest.getInstance("SHA-256");
        MessageDigest range = MessageDigest.getInstance("SHA-256");
        Random random = new Random(256);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(dir.resolve("large.bin"))) {
            for (long at = 0; at < SIZE; at += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
                whole.update(chunk);
                long from = Math.max(at, RANGE_START);
                long to = Math.min(at + chunk.length, RANGE_START + RANGE_LENGTH);
                if (from < to) {
                    range.update(chunk, (int) (from - at), (int) (to - from));
                }
            }
        }
        wholeSha = HexFormat.of().formatHex(whole.digest());
        rangeSha = HexFormat.of().formatHex(range.digest());
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(dir.resolve("large.bin"));
        Files.deleteIfExists(dir);
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void wholeRangedAndSlowlyReadArriveExact(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--root", dir.toString(),
                "--write-timeout", "60s")) {
            assertEquals(wholeSha, fetch(server, "", SIZE, 0));
            String range = "Range: bytes=" + RANGE_START + "-" + (RANGE_START + RANGE_LENGTH - 1) + "\r\n";
            assertEquals(rangeSha, fetch(server, range, RANGE_LENGTH, 0));
            // Slowly: 64 KiB reads with a pause every 4 MiB, so the socket fills and the server must wait for room.
            assertEquals(wholeSha, fetch(server, "", SIZE, 20));
        }
    }

    /**
     * GETs /large.bin with {@code extraHeaders}, checks the status and length, and returns the body's SHA-256,
     * pausing {@code pauseMillis} after every 4 MiB read.
     */
    private static String fetch(RingnetServer server, String extraHeaders, long length, long pauseMillis)
            throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(server.httpAddress(), 5000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /large.bin HTTP/1.1\r\nHost: t\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            String status = line(in);
            assertTrue(status.startsWith(extraHeaders.isEmpty() ? "HTTP/1.1 200" : "HTTP/1.1 206"), status);
            long contentLength = -1;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    contentLength = Long.parseLong(header.substring(15).strip());
                }
            }
            assertEquals(length, contentLength);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            long sincePause = 0;
            while (read < length) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, length - read));
                if (n < 0) {
                    throw new IOException("body cut at " + read + " of " + length + " bytes");
                }
                sha.update(buf, 0, n);
                read += n;
                sincePause += n;
                if (pauseMillis > 0 && sincePause >= 4 << 20) {
                    Thread.sleep(pauseMillis);
                    sincePause = 0;
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the response head: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
