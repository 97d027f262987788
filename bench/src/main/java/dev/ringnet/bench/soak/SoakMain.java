package dev.ringnet.bench.soak;

import dev.ringnet.bench.Environment;
import dev.ringnet.bench.measure.ProcSnapshot;
import dev.ringnet.bench.server.ChildProcesses;
import dev.ringnet.bench.server.ServerLauncher;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code bin/ringnet soak}: mixed traffic ({@link SoakTraffic}) against the real server on every available
 * transport in turn, for a set time each, and a verdict per transport: no failed operation, no leak reported by
 * Netty's detector (run at paranoid level in the server), the server's open files back to where they were after
 * the warm-up, and its resident memory grown by less than {@value #MAX_RSS_GROWTH_PERCENT}% over the run. Writes
 * {@code soak.md} into {@code --out}; exits 1 if any transport fails, 2 on bad usage.
 */
public final class SoakMain {
    static final int MAX_RSS_GROWTH_PERCENT = 10;
    /** Open files other than pipes the server may hold beyond its post-warm-up count when the traffic has stopped. */
    static final int FD_SLACK = 4;
    /** The server's event loops; each ffm-io_uring loop keeps up to 16 idle splice pipes (two fds each). */
    static final int IO_THREADS = 2;
    /** Pipe fds the server may hold with no traffic: its splice pipe pools, full (ffm-io_uring's PipePool). */
    static final int IDLE_PIPE_FDS = IO_THREADS * 16 * 2;
    private static final String USAGE = """
            Usage: bin/ringnet soak --duration D [--transports LIST] [--out DIR]

            Runs mixed traffic (HTTP keep-alive and churn, a file, echo, proxy) against the server on each
            transport for D after a warm-up of a fifth of D (at least 5s), each operation checked byte for byte,
            then checks: zero errors, no Netty leak report, open files back to their post-warm-up count (idle
            splice pipes up to the pools' bound), RSS growth under 10%, exit 0 on SIGTERM. Writes soak.md into
            DIR (default bench/soak).
            D is 30s, 2m or 1h.""";

    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = null;
        List<String> transports = List.of();
        Path out = Path.of("bench/soak");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                usage("'" + arg + "' needs a value, or is not an option");
            }
            String value = args[++i];
            switch (arg) {
                case "--duration" -> duration = duration(value);
                case "--transports" -> transports = List.of(value.split(","));
                case "--out" -> out = Path.of(value);
                default -> usage("unknown option '" + arg + "'");
            }
        }
        if (duration == null) {
            usage("--duration is required");
        }
        ChildProcesses.stopOnExit(); // a killed run must not leave its servers behind
        String home = System.getProperty("ringnet.home");
        ServerLauncher launcher = ServerLauncher.fromCurrentJvm(home == null ? null : Path.of(home),
                // A fixed, pre-touched heap: RSS growth then shows native and direct memory, not heap sizing.
                List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-Dio.netty.leakDetection.level=paranoid"));
        if (transports.isEmpty()) {
            transports = Environment.probe(launcher).availableTransports();
        }
        Files.createDirectories(out);
        List<SoakResult> results = new ArrayList<>();
        for (String transport : transports) {
            System.out.println("soak: " + transport + " for " + duration.toSeconds() + " s...");
            SoakResult result = SoakRun.run(launcher, transport, duration, out);
            System.out.println(result.line());
            results.add(result);
        }
        String report = SoakResult.report(results, duration);
        Files.writeString(out.resolve("soak.md"), report);
        System.out.println("soak: wrote " + out.resolve("soak.md"));
        if (results.stream().anyMatch(r -> !r.passed())) {
            System.exit(1);
        }
    }

    private static Duration duration(String value) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            usage("--duration: '" + value + "' is not a duration (30s, 2m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.toSeconds() < 5) {
            usage("--duration: at least 5s");
        }
        return d;
    }

    private static void usage(String problem) {
        System.err.println("ringnet soak: " + problem + " (see --help)");
        System.exit(2);
    }

    /** One transport's soak, from start to verdict. */
    static final class SoakRun {
        private SoakRun() {
        }

        static SoakResult run(ServerLauncher launcher, String transport, Duration duration, Path out)
                throws IOException, InterruptedException {
            Path site = Files.createTempDirectory("ringnet-soak");
            byte[] file = new byte[4 << 20];
            new SplittableRandom(7).nextBytes(file);
            Files.write(site.resolve("soak.bin"), file);
            byte[] sha = SoakTraffic.sha256().digest(file);
            Duration warmup = Duration.ofMillis(Math.max(5000, duration.toMillis() / 5));
            int cpus = Runtime.getRuntime().availableProcessors();
            Path log = out.resolve("soak-" + transport + ".log");
            try (EchoUpstream upstream = new EchoUpstream()) {
                List<String> serveArgs = List.of("--transport", transport, "--http-port", "0", "--echo-port", "0",
                        "--proxy-port", "0", "--upstream", "127.0.0.1:" + upstream.address().getPort(),
                        "--root", site.toString(), "--io-threads", String.valueOf(IO_THREADS));
                try (ServerProcess server = ServerProcess.start(
                        launcher.command("0-" + (cpus - 1), List.of(), serveArgs), log, 60)) {
                    long pid = server.pid();
                    SoakTraffic warm = traffic(server, sha);
                    warm.start(1);
                    Thread.sleep(warmup.toMillis());
                    warm.stop();
                    Thread.sleep(2000); // closes to reach the server, its timers to settle
                    Map<String, Long> fdsBefore = openFiles(pid);
                    long rssBefore = ProcSnapshot.of(pid).rssBytes();
                    Instant start = Instant.now();
                    SoakTraffic traffic = traffic(server, sha);
                    traffic.start(2);
                    Thread.sleep(duration.toMillis());
                    traffic.stop();
                    Duration ran = Duration.between(start, Instant.now());
                    Thread.sleep(2000);
                    Map<String, Long> fdsAfter = openFiles(pid);
                    long rssAfter = ProcSnapshot.of(pid).rssBytes();
                    server.close(); // SIGTERM: a clean exit is part of the verdict
                    List<String> leaks = Files.readAllLines(log).stream().filter(l -> l.contains("LEAK:")).toList();
                    return new SoakResult(transport, ran, traffic, warm.failures(), fdsBefore, fdsAfter, rssBefore,
                            rssAfter, leaks, server.exitStatus());
                }
            } finally {
                try (Stream<Path> files = Files.list(site)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(site);
            }
        }

        private static SoakTraffic traffic(ServerProcess server, byte[] sha) throws IOException {
            return new SoakTraffic(server.address("http"), server.address("echo"), server.address("proxy"),
                    "/soak.bin", sha);
        }

        /** The server's open files by kind: socket, pipe, anon_inode:[io_uring], a path... */
        static Map<String, Long> openFiles(long pid) {
            Map<String, Long> kinds = new TreeMap<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue; // closed between the listing and the read
                    }
                    int bracket = target.indexOf(":[");
                    String kind = target.startsWith("anon_inode:") ? target
                            : bracket > 0 ? target.substring(0, bracket) : "file";
                    kinds.merge(kind, 1L, Long::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the server's open files (has it exited?)", e);
            }
            return kinds;
        }
    }
}
