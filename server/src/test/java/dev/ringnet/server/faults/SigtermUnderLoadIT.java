package dev.ringnet.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.TestServers;
import dev.ringnet.server.transports.TransportKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGTERM while 16 keep-alive clients post 256 KiB bodies to {@code /echo} back to back, over each transport: every
 * response that has begun arrives whole and byte-exact (none truncated by the shutdown), the last ones say
 * {@code Connection: close}, and the process exits 0 within its shutdown timeout.
 */
class SigtermUnderLoadIT {
    private static final int CLIENTS = 16;
    private static final int BODY = 256 * 1024;

    /** What one client saw. */
    private record Tally(int complete, int closedWithResponse, int truncated, int unanswered, String firstProblem) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void sigtermUnderLoadTruncatesNoResponseAndExitsInTime(TransportKind kind) throws Exception {
        TestServers.assumeAvailable(kind);
        try (ServerProcess server = ServerProcess.start(kind, 0, "--io-threads", "2", "--shutdown-timeout", "10s")) {
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<Tally>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int seed = i;
                clients.add(CompletableFuture.supplyAsync(() -> postUntilClosed(server.http(), seed, stop),
                        Thread.ofPlatform().daemon()::start));
            }
            Thread.sleep(1000); // under load: every client has requests going
            long start = System.nanoTime();
            server.process().destroy(); // SIGTERM
            assertTrue(server.process().waitFor(15, TimeUnit.SECONDS), "still running 15 s after SIGTERM");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            stop.set(true);
            int complete = 0;
            int closing = 0;
            int truncated = 0;
            int unanswered = 0;
            String problem = null;
            for (CompletableFuture<Tally> c : clients) {
                Tally t = c.get(20, TimeUnit.SECONDS);
                complete += t.complete();
                closing += t.closedWithResponse();
                truncated += t.truncated();
                unanswered += t.unanswered();
                problem = problem != null ? problem : t.firstProblem();
            }
            System.out.printf("%s: SIGTERM under load, exit %d after %d ms; %d responses whole (%d with Connection: "
                    + "close), %d truncated, %d requests unanswered%n", kind.displayName(),
                    server.process().exitValue(), millis, complete, closing, truncated, unanswered);
            assertEquals(0, truncated, "responses cut by the shutdown; first: " + problem);
            assertEquals(0, server.process().exitValue(), "exit status after SIGTERM");
            assertTrue(millis < 10_000, "exited " + millis + " ms after SIGTERM, the timeout is 10 s");
            assertTrue(closing > 0, "no request was in flight at SIGTERM: the test did not test a shutdown under load");
            assertEquals(List.of(), server.leakReports());
        }
    }

    /** One keep-alive connection posting bodies until the server closes it (then reconnecting until refused). */
    private static Tally postUntilClosed(InetSocketAddress address, int seed, AtomicBoolean stop) {
        Random random = new Random(seed);
        byte[] body = new byte[BODY];
        int complete = 0;
        int closing = 0;
        int truncated = 0;
        int unanswered = 0;
        String problem = null;
        while (!stop.get()) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 5000);
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                boolean open = true;
                while (open) {
                    random.nextBytes(body);
                    try {
                        out.write(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + BODY + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body);
                    } catch (IOException e) {
                        unanswered++; // closed before the whole request went out: no response was begun
                        break;
                    }
                    Response r = Response.read(in);
                    if (r.headBytes == 0) {
                        unanswered++;
                        open = false;
                    } else if (r.body == null || !Arrays.equals(body, r.body)) {
                        truncated++;
                        problem = problem != null ? problem : r.problem;
                        open = false;
                    } else {
                        complete++;
                        open = !r.close;
                        closing += r.close ? 1 : 0;
                    }
                }
            } catch (IOException refused) {
                break; // the listener is gone: the server is shutting down
            }
        }
        return new Tally(complete, closing, truncated, unanswered, problem);
    }

    /** A response read off the wire: how much of the head came, the body if whole, and what went wrong if not. */
    private static final class Response {
        int headBytes;
        byte[] body;
        boolean close;
        String problem;

        static Response read(InputStream in) {
            Response r = new Response();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            try {
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        r.problem = "end of stream inside the response head after " + head.size() + " bytes";
                        return r;
                    }
                    head.write(b);
                    r.headBytes++;
                }
                String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                r.close = text.contains("\r\nconnection: close\r\n");
                int at = text.indexOf("\r\ncontent-length: ");
                if (!text.startsWith("http/1.1 200 ") || at < 0) {
                    r.problem = "unexpected head: " + text.lines().findFirst().orElse("");
                    return r;
                }
                int length = Integer.parseInt(text.substring(at + 18, text.indexOf("\r\n", at + 2)).trim());
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    r.problem = "body cut at " + body.length + " of " + length + " bytes";
                    return r;
                }
                r.body = body;
            } catch (IOException e) {
                r.problem = "after " + r.headBytes + " head bytes: " + e;
            }
            return r;
        }
    }
}
