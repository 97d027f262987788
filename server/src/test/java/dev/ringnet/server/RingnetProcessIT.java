package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.transports.TransportKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/ringnet} as a user runs it, in a process of its own: the startup line, exit status 2 with one line
 * for bad input, the transports table, and SIGTERM with 100 requests in flight. Runs after {@code package}
 * (failsafe), so the launcher finds the jars built and does not build.
 */
class RingnetProcessIT {
    private static final Pattern STARTED = Pattern.compile("ringnet started transport=(\\S+) http=127\\.0\\.0\\.1:"
            + "(\\d+) echo=(\\S+) proxy=(\\S+) metrics=\\S+ tls=(on|off) pid=(\\d+)");
    private static final Path LAUNCHER = Path.of(System.getProperty("ringnet.home", ".."), "bin", "ringnet")
            .toAbsolutePath().normalize();

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A process, its output collected in the background. */
    private record Run(Process process, CompletableFuture<String> stdout, CompletableFuture<String> stderr) {
        int exit(long seconds) throws Exception {
            assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "still running after " + seconds + " s");
            return process.exitValue();
        }
    }

    private Run launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return new Run(process, CompletableFuture.supplyAsync(() -> drain(process.getInputStream())),
                CompletableFuture.supplyAsync(() -> drain(process.getErrorStream())));
    }

    private static String drain(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(read failed: " + e + ")";
        }
    }

    /** A server process and its parsed startup line. */
    private record Server(Process process, BufferedReader stdout, Matcher line) {
        InetSocketAddress http() {
            return new InetSocketAddress("127.0.0.1", Integer.parseInt(line.group(2)));
        }
    }

    private Server serve(String... args) throws Exception {
        return serve(ProcessBuilder.Redirect.DISCARD, Map.of(), args);
    }

    private Server serve(ProcessBuilder.Redirect stderr, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "serve", "--http-port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr);
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String first = stdout.readLine();
        assertNotNull(first, () -> "the server printed nothing; exit status " + exitStatus(process));
        Matcher m = STARTED.matcher(first);
        assertTrue(m.matches(), "not the startup line: " + first);
        return new Server(process, stdout, m);
    }

    private static String exitStatus(Process process) {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /**
     * {@code --allocator} in a fresh JVM, where nothing else has touched the allocators: after a 256 KiB echo,
     * {@code /metrics} shows the allocator named holding direct memory and no heap memory on every transport.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void theChosenAllocatorServesFromDirectMemoryOnly(TransportKind kind) throws Exception {
        TestServers.assumeAvailable(kind);
        for (String allocator : List.of("pooled", "adaptive")) {
            Server server = serve("--transport", kind.displayName(), "--allocator", allocator, "--io-threads", "1");
            byte[] body = new byte[256 * 1024];
            new Random(3).nextBytes(body);
            try (RawHttp raw = new RawHttp(server.http())) {
                raw.send(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                raw.send(body);
                assertArrayEquals(body, raw.read().body());
                raw.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
                Map<String, Double> samples = MetricsText.parse(raw.read().text());
                String label = "ringnet_buffer_memory_bytes{allocator=\"" + allocator + "\",memory=";
                Double direct = samples.get(label + "\"direct\"}");
                assertTrue(direct != null && direct > 0, allocator + ": direct memory " + direct);
                assertEquals(0.0, samples.get(label + "\"heap\"}"), allocator + ": no heap buffers");
            }
            server.process().destroy();
            assertTrue(server.process().waitFor(10, TimeUnit.SECONDS));
        }
    }

    /**
     * The proxy carries 256 MiB both ways byte-exact to a client that reads slowly (a 50 ms pause every 4 MiB, so the
     * writer outruns it), and the server's resident memory grows by less than 64 MiB meanwhile: backpressure holds
     * the bytes in the sockets (and, spliced, a pipe), not in the server. The upstream is an echo server.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void theProxyCarries256MiBToASlowReaderInBoundedMemory(TransportKind kind) throws Exception {
        TestServers.assumeAvailable(kind);
        int upstream = TestServers.server(TransportKind.NIO).echoAddress().getPort();
        Server server = serve("--transport", kind.displayName(), "--io-threads", "1", "--proxy-port", "0",
                "--upstream", "127.0.0.1:" + upstream);
        String[] proxy = server.line().group(4).split(":");
        InetSocketAddress address = new InetSocketAddress(proxy[0], Integer.parseInt(proxy[1]));
        TcpServicesTest.roundTrip(address, 8 << 20, 1, 0, false); // warm-up: pools and pipes exist before the baseline
        long baseline = rssBytes(server.process().pid());
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(rssBytes(server.process().pid()), Math::max);
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        try {
            TcpServicesTest.roundTrip(address, 256 << 20, 2, 0, false, 4 << 20, 50);
        } finally {
            sampler.interrupt();
            sampler.join(5000);
        }
        long growth = peak.get() - baseline;
        System.out.printf("proxy, 256 MiB both ways to a slow reader, %s: server RSS %d MiB, grew by at most %d MiB%n",
                kind.displayName(), baseline >> 20, growth >> 20);
        assertTrue(growth < 64L << 20, kind.displayName() + ": RSS grew by " + (growth >> 20) + " MiB");
        server.process().destroy();
        assertTrue(server.process().waitFor(10, TimeUnit.SECONDS));
    }

    /** VmRSS of process {@code pid}, in bytes. */
    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    @Test
    void theStartupLineGivesTheRealPortsAndSigtermExitsZero() throws Exception {
        Server server = serve("--echo-port", "0", "--shutdown-timeout", "5s");
        assertEquals(server.process().pid(), Long.parseLong(server.line().group(6)), "pid is the java process");
        assertTrue(server.line().group(3).matches("127\\.0\\.0\\.1:\\d+"), server.line().group(3));
        assertEquals("off", server.line().group(4));
        assertTrue(server.http().getPort() > 0);
        try (RawHttp raw = new RawHttp(server.http())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(HelloRoute.BODY, raw.read().text());
        }
        long start = System.nanoTime();
        server.process().destroy(); // SIGTERM
        assertTrue(server.process().waitFor(5, TimeUnit.SECONDS));
        assertEquals(0, server.process().exitValue());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
    }

    @Test
    void theSqPollModeServesThroughAKernelPollerAndSaysSo(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("stderr.txt");
        Server server = serve(ProcessBuilder.Redirect.to(log.toFile()), Map.of(), "--transport", "ffm-io_uring",
                "--sqpoll", "20ms", "--io-threads", "1", "--shutdown-timeout", "5s");
        assertEquals("ffm-io_uring", server.line().group(1));
        try (RawHttp raw = new RawHttp(server.http())) {
            for (int i = 0; i < 20; i++) {
                raw.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(HelloRoute.BODY, raw.read().text(), "request " + i);
            }
        }
        long pollers;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(server.process().pid()), "task"))) {
            pollers = tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith("iou-sqp-");
                } catch (IOException e) {
                    return false; // the thread ended while we looked
                }
            }).count();
        }
        assertEquals(1, pollers, "one SQPOLL thread for the one event loop");
        server.process().destroy();
        assertTrue(server.process().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, server.process().exitValue());
        String stderr = Files.readString(log);
        String features = stderr.lines().filter(l -> l.contains("io_uring features:")).findFirst()
                .orElseThrow(() -> new AssertionError("no features line in " + stderr));
        assertTrue(features.contains("SQPOLL") && !features.contains("DEFER_TASKRUN"), features);

        Run named = launch("serve", "--http-port", "0", "--sqpoll", "20ms");
        assertEquals(2, named.exit(60));
        assertEquals("ringnet: --sqpoll needs --transport ffm-io_uring (got auto)",
                named.stderr().get(10, TimeUnit.SECONDS).strip());
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        String[][] cases = {
            {"serve", "--no-such-option"},
            {"serve", "--http-port", "65536"},
            {"serve", "--http-port", "0", "--transport", "kqueue"},
            {"serve", "--http-port", "0", "--root", "/no/such/dir"},
            {"serve", "--http-port", "0", "--io-threads", "lots"},
            {"transports", "--extra"},
            {"no-such-command"},
        };
        for (String[] args : cases) {
            Run run = launch(args);
            assertEquals(2, run.exit(60), String.join(" ", args));
            String err = run.stderr().get(10, TimeUnit.SECONDS);
            List<String> lines = err.lines().filter(l -> !l.startsWith("ringnet: building")).toList();
            assertEquals(1, lines.size(), "one line for " + String.join(" ", args) + ", got: " + err);
            assertTrue(lines.getFirst().startsWith("ringnet: "), lines.getFirst());
            assertFalse(err.contains("Exception") || err.contains("\tat "), err);
            assertEquals("", run.stdout().get(10, TimeUnit.SECONDS), "nothing on stdout");
        }
        Run kqueue = launch("serve", "--http-port", "0", "--transport", "kqueue");
        assertEquals(2, kqueue.exit(60));
        String line = kqueue.stderr().get(10, TimeUnit.SECONDS).strip();
        assertTrue(line.startsWith("ringnet: transport kqueue is unavailable here: ") && line.contains("fix: "), line);
    }

    @Test
    void autoSaysInOneLineWhyItSkippedABetterTransport(@TempDir Path dir) throws Exception {
        // Our transport's probe can be told to fail as a seccomp-blocked host would (EPERM from io_uring_setup).
        Map<String, String> env = Map.of("JDK_JAVA_OPTIONS", "-Dringnet.io_uring.simulateErrno=EPERM");
        Path log = dir.resolve("stderr.txt");
        Server server = serve(ProcessBuilder.Redirect.to(log.toFile()), env, "--log-level", "warn");
        assertEquals("jni-io_uring", server.line().group(1));
        server.process().destroy();
        assertEquals(0, server.process().waitFor(10, TimeUnit.SECONDS) ? server.process().exitValue() : -1);
        List<String> skipped = Files.readAllLines(log).stream().filter(l -> l.contains(" unavailable: ")).toList();
        assertEquals(1, skipped.size(), "one line per skipped transport: " + skipped);
        assertTrue(skipped.getFirst().contains("WARN") && skipped.getFirst().contains(
                "ffm-io_uring unavailable: io_uring_setup: EPERM"), skipped.getFirst());

        ProcessBuilder explicit = new ProcessBuilder(LAUNCHER.toString(), "serve", "--http-port", "0",
                "--transport", "ffm-io_uring");
        explicit.environment().putAll(env);
        Process process = explicit.start();
        started.add(process);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        List<String> lines = err.lines().filter(l -> l.startsWith("ringnet: ")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.getFirst().startsWith("ringnet: transport ffm-io_uring is unavailable here: io_uring_setup: "
                + "EPERM") && lines.getFirst().contains("seccomp") && lines.getFirst().contains("fix: "), err);
    }

    @Test
    void theTransportsTableListsEveryTransport() throws Exception {
        Run run = launch("transports");
        assertEquals(0, run.exit(60));
        String table = run.stdout().get(10, TimeUnit.SECONDS);
        for (String name : List.of("ffm-io_uring", "jni-io_uring", "epoll", "kqueue", "nio")) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith(name + " ")), name + " missing from\n" + table);
        }
        assertTrue(table.lines().anyMatch(l -> l.matches("kqueue +no .*")), table);
    }

    @Test
    void sigtermWithAHundredRequestsInFlightAnswersThemAllAndExitsZero() throws Exception {
        int count = 100;
        int half = 500;
        Server server = serve("--shutdown-timeout", "10s", "--io-threads", "2");
        List<RawHttp> clients = new ArrayList<>();
        try {
            long sent = 0;
            for (int i = 0; i < count; i++) {
                RawHttp raw = new RawHttp(server.http(), 15_000);
                clients.add(raw);
                String head = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + 2 * half + "\r\n\r\n";
                raw.send(head).send(body(i).substring(0, half));
                sent += head.length() + half;
            }
            awaitReceived(server.http(), sent);
            long start = System.nanoTime();
            server.process().destroy(); // SIGTERM
            awaitRefused(server.http());
            for (int i = 0; i < count; i++) {
                clients.get(i).send(body(i).substring(half));
            }
            for (int i = 0; i < count; i++) {
                RawHttp.Response response = clients.get(i).read();
                assertEquals(200, response.status(), "request " + i);
                assertEquals(body(i), response.text(), "request " + i);
                assertEquals("close", response.header("connection"), "request " + i);
                assertTrue(clients.get(i).closedByPeer(), "request " + i);
            }
            assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "exit within the shutdown timeout");
            assertEquals(0, server.process().exitValue());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 10_000, "exited " + millis + " ms after SIGTERM");
        } finally {
            for (RawHttp raw : clients) {
                raw.close();
            }
        }
    }

    @Test
    void aSecondSignalExitsAtOnce() throws Exception {
        Server server = serve("--shutdown-timeout", "60s");
        try (RawHttp busy = new RawHttp(server.http())) {
            String partial = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n01234";
            busy.send(partial);
            awaitReceived(server.http(), partial.length());
            server.process().destroy();
            awaitRefused(server.http());
            assertFalse(server.process().waitFor(300, TimeUnit.MILLISECONDS), "the request in flight holds it");
            long start = System.nanoTime();
            server.process().destroy();
            assertTrue(server.process().waitFor(5, TimeUnit.SECONDS));
            assertEquals(128 + 15, server.process().exitValue(), "killed by the second SIGTERM");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
        }
    }

    /** A body of 1000 characters, different for every request. */
    private static String body(int i) {
        String unit = String.format("request-%03d;", i);
        return unit.repeat(1000 / unit.length() + 1).substring(0, 1000);
    }

    /** Waits until the server says it has read {@code bytes} on the HTTP listener (this scrape's own included). */
    private static void awaitReceived(InetSocketAddress http, long bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (RawHttp raw = new RawHttp(http)) {
                raw.send("GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
                Double received = MetricsText.parse(raw.read().text())
                        .get("ringnet_received_bytes_total{listener=\"http\"}");
                if (received != null && received >= bytes) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not read " + bytes + " bytes in time");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitRefused(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1000);
            } catch (ConnectException refused) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("new connections were still accepted 5 s after SIGTERM");
    }
}
