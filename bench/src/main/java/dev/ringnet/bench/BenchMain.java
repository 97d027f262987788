package dev.ringnet.bench;

import dev.ringnet.bench.load.ClientGroup;
import dev.ringnet.bench.load.WrkLoad;
import dev.ringnet.bench.measure.SyscallCounting;
import dev.ringnet.bench.report.Baseline;
import dev.ringnet.bench.report.Cell;
import dev.ringnet.bench.report.HtmlReport;
import dev.ringnet.bench.report.MarkdownReport;
import dev.ringnet.bench.report.Results;
import dev.ringnet.bench.scenario.RunContext;
import dev.ringnet.bench.scenario.Scenario;
import dev.ringnet.bench.server.ChildProcesses;
import dev.ringnet.bench.server.ServerLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@code bin/ringnet bench}: compares the server's transports under the same traffic and writes results.json,
 * report.md and report.html to the output directory.
 *
 * <p>Exit status: 0 when every selected figure has at least one measured run, 1 when some have none (the causes
 * are in results.json and on stderr), 2 for bad options or a requested transport that cannot run here.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Runs the bench and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested e) {
            System.out.print(BenchOptions.USAGE);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("ringnet bench: " + e.getMessage());
            return 2;
        }
        try {
            if (options.reportFrom() != null) {
                Files.createDirectories(options.out());
                return writeReports(options, Results.read(options.reportFrom()));
            }
            return bench(options);
        } catch (UsageException e) {
            System.err.println("ringnet bench: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("ringnet bench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("ringnet bench: interrupted");
            return 1;
        }
    }

    private static int bench(BenchOptions options) throws IOException, InterruptedException {
        quietLibraries();
        pinSelf(options.loadCpus());
        ChildProcesses.stopOnExit(); // a killed run must not leave its servers behind
        String home = System.getProperty("ringnet.home");
        ServerLauncher launcher = ServerLauncher.fromCurrentJvm(home == null ? null : Path.of(home),
                List.of("-Xmx1g"));
        // Two server JVMs that print and exit: asked at once, since each takes seconds on a busy machine.
        var zeroCopyHelp = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Environment.run(launcher.plainCommand("serve", "--help")).contains("--zero-copy");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Environment environment = Environment.probe(launcher);
        if (!SyscallCounting.isAvailable()) {
            System.err.println("ringnet bench: system calls will not be counted: "
                    + SyscallCounting.unavailabilityCause());
        }
        List<String> transports = transports(options, environment);
        Files.createDirectories(options.out());
        Path scratch = Files.createTempDirectory("ringnet-bench");
        Files.createDirectories(scratch.resolve("www"));
        WrkLoad.scripts(scratch);
        Results results = new Results();
        results.meta().put("started", Instant.now().toString());
        results.meta().put("quick", options.quick());
        describeOptions(results, options);
        environment.describe(results.meta().putObject("environment"), options);
        results.setTransports(transports);
        Progress progress = new Progress(System.err, System.console() != null, 0, Duration.ZERO);
        boolean zeroCopySwitch = zeroCopyHelp.join();
        results.meta().put("zero_copy_switch", zeroCopySwitch);
        List<Scenario> scenarios = ScenarioCatalog.select(options, progress, zeroCopySwitch);
        try (ClientGroup clients = new ClientGroup(options.clientThreads())) {
            RunContext context = new RunContext(options, clients, scratch, launcher.java());
            List<String> commonArgs = new ArrayList<>(List.of("--bind", "127.0.0.1", "--http-port", "0",
                    "--echo-port", "0", "--io-threads", Integer.toString(options.ioThreads()), "--worker-threads", "1",
                    "--max-connections", "19500", "--idle-timeout", "0", "--log-level", "warn",
                    "--root", scratch.resolve("www").toString()));
            int total = 0;
            for (Scenario s : scenarios) {
                List<Integer> counts = s.connectionCounts(context);
                results.addScenario(s.name(), s.unit(), s.description(), counts);
                total += counts.size() * transports.size() * options.runs();
            }
            Duration perRun = options.warmup().plus(options.duration()).plusMillis(700);
            progress = new Progress(System.err, System.console() != null, total, perRun);
            try (ProxySink sink = scenarios.stream().anyMatch(s -> s.name().equals("proxy"))
                    ? ProxySink.start(launcher, options, options.out().resolve("logs")) : null) {
                if (sink != null) {
                    commonArgs.addAll(List.of("--proxy-port", "0", "--upstream", sink.address()));
                }
                new Runner(options, launcher, context, results, progress, options.out().resolve("logs"), commonArgs)
                        .run(scenarios, transports);
            }
            progress.finish();
        } finally {
            deleteTree(scratch);
        }
        results.meta().put("finished", Instant.now().toString());
        return write(options, results);
    }

    private static int write(BenchOptions options, Results results) throws IOException {
        results.write(options.out().resolve("results.json"));
        System.err.println("ringnet bench: wrote " + options.out().resolve("results.json"));
        return writeReports(options, results);
    }

    private static int writeReports(BenchOptions options, Results results) throws IOException {
        Baseline baseline = options.baseline() == null ? null
                : new Baseline(Results.read(options.baseline()), options.baseline().toString());
        Files.writeString(options.out().resolve("report.md"), new MarkdownReport(results, baseline).render());
        Files.writeString(options.out().resolve("report.html"), new HtmlReport(results, baseline).render());
        System.err.println("ringnet bench: wrote report.md and report.html in " + options.out());
        List<String> empty = new ArrayList<>();
        for (Cell cell : results.cells()) {
            if (cell.runs().isEmpty()) {
                empty.add(cell.scenario() + " c=" + cell.connections() + " " + cell.transport());
            }
        }
        if (!empty.isEmpty()) {
            System.err.println("ringnet bench: no measured run for " + String.join(", ", empty));
            return 1;
        }
        return 0;
    }

    private static List<String> transports(BenchOptions options, Environment environment) {
        if (options.transports().isEmpty()) {
            return environment.availableTransports();
        }
        for (String name : options.transports()) {
            TransportVariant variant = TransportVariant.of(name);
            if (!variant.extraArgs().isEmpty() && !variant.transport().equals("ffm-io_uring")) {
                throw new UsageException("only ffm-io_uring has an SQPOLL mode, not " + variant.transport());
            }
            Environment.TransportRow row = environment.transport(variant.transport());
            if (row == null) {
                throw new UsageException("unknown transport '" + name + "' (one of "
                        + String.join(",", environment.availableTransports()) + ")");
            }
            if (!row.available()) {
                throw new UsageException("transport " + name + " is unavailable here: " + row.cause());
            }
        }
        return options.transports();
    }

    private static void describeOptions(Results results, BenchOptions options) {
        var o = results.meta().putObject("options");
        o.put("duration_ms", options.duration().toMillis());
        o.put("warmup_ms", options.warmup().toMillis());
        o.put("server_warmup_ms", options.serverWarmup().toMillis());
        o.put("jit_settle_max_ms", options.jitSettle().toMillis());
        o.put("runs", options.runs());
        o.put("connections", options.connections().toString());
        o.put("idle_connections", options.idleConnections().toString());
        o.put("rate", options.rate());
        o.put("client_threads", options.clientThreads());
    }

    /**
     * The class path holds the server's logback.xml (INFO to stderr, right for the server); the bench's own
     * libraries (the Netty client) should speak only about problems, between the progress lines.
     */
    private static void quietLibraries() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /**
     * Moves this JVM, every thread it has now, onto the load CPUs; threads started later inherit it, and so do the
     * processes it starts (wrk, perf, helpers), while servers are re-pinned by their own taskset.
     */
    private static void pinSelf(String cpus) throws IOException {
        String out = Environment.run(List.of("taskset", "-a", "-p", "-c", cpus,
                Long.toString(ProcessHandle.current().pid())));
        if (!out.contains("new affinity list")) {
            throw new UsageException("cannot pin the bench to CPUs " + cpus + ": " + out.strip());
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("ringnet bench: cannot remove " + root + ": " + e.getMessage());
        }
    }

    /** A mistake in what the user asked for: exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
