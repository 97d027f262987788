package dev.ringnet.bench;

import dev.ringnet.bench.report.Cell;
import dev.ringnet.bench.report.Results;
import dev.ringnet.bench.scenario.RunContext;
import dev.ringnet.bench.scenario.Scenario;
import dev.ringnet.bench.server.ServerLauncher;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the scenarios: for each scenario and connection count, runs every transport once, then again, until each
 * has its runs (A B C A B C ...), so that drift in the machine spreads over all transports instead of favouring
 * one. One server per transport and set of server options serves every scenario that uses those options (started
 * on first use, all pinned to the server CPUs, idle while another is measured; a server's first run of each
 * scenario warms up longer), unless the scenario asks for a fresh server per run.
 *
 * <p>A failed run is recorded in its cell with its cause and the bench goes on. Runs on the bench's main thread.
 */
final class Runner {
    private final BenchOptions options;
    private final ServerLauncher launcher;
    private final RunContext context;
    private final Results results;
    private final Progress progress;
    private final Path logs;
    private final List<String> commonArgs;
    /** Servers kept across scenarios, by transport and options. */
    private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
    /** Which server has run which scenario already (server key + scenario). */
    private final java.util.Set<String> warmed = new java.util.HashSet<>();

    Runner(BenchOptions options, ServerLauncher launcher, RunContext context, Results results, Progress progress,
           Path logs, List<String> commonArgs) {
        this.options = options;
        this.launcher = launcher;
        this.context = context;
        this.results = results;
        this.progress = progress;
        this.logs = logs;
        this.commonArgs = List.copyOf(commonArgs);
    }

    /** Runs every scenario over {@code transports}. */
    void run(List<Scenario> scenarios, List<String> transports) throws InterruptedException {
        try {
            for (Scenario scenario : scenarios) {
                runScenario(scenario, transports);
            }
        } finally {
            servers.values().forEach(ServerProcess::close);
            servers.clear();
        }
    }

    private void runScenario(Scenario scenario, List<String> transports) throws InterruptedException {
        try {
            scenario.prepare(context);
            if (!scenario.freshServerPerRun()) {
                startMissing(scenario, transports);
            }
            for (int connections : scenario.connectionCounts(context)) {
                runCounts(scenario, connections, transports);
            }
        } catch (IOException e) {
            progress.message("bench: " + scenario.name() + " could not run: " + e.getMessage());
            for (int connections : scenario.connectionCounts(context)) {
                for (String t : transports) {
                    results.cell(scenario.name(), connections, t).addError(e.getMessage());
                }
            }
        } finally {
            scenario.finish();
        }
    }

    private void runCounts(Scenario scenario, int connections, List<String> transports)
            throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        try {
            runEach(scenario, connections, transports, pending);
        } finally {
            // Runs finish collecting their figures (perf's totals) in the background; each cell gets them in
            // run order.
            for (Pending p : pending) {
                try {
                    p.cell().addRun(p.figures().get());
                } catch (ExecutionException e) {
                    failed(p.cell(), p.run(), e.getCause());
                }
            }
        }
    }

    private void failed(Cell cell, int run, Throwable e) {
        String cause = e.getMessage() == null ? e.toString() : e.getMessage();
        cell.addError("run " + run + ": " + cause);
        progress.message("bench: " + cell.scenario() + " c=" + cell.connections() + " " + cell.transport() + " run "
                + run + " failed: " + cause);
    }

    /** A run whose figures are still being collected. */
    private record Pending(Cell cell, int run, CompletableFuture<Map<String, Double>> figures) {
    }

    private void runEach(Scenario scenario, int connections, List<String> transports, List<Pending> pending)
            throws InterruptedException {
        int runs = options.runs();
        for (int run = 1; run <= runs; run++) {
            for (String transport : transports) {
                progress.starting(scenario.name(), connections, transport, run, runs);
                Cell cell = results.cell(scenario.name(), connections, transport);
                ServerProcess server = null;
                String key = key(scenario, transport);
                try {
                    boolean fresh = scenario.freshServerPerRun() || !isRunning(servers.get(key));
                    server = fresh ? start(scenario, transport) : servers.get(key);
                    if (!scenario.freshServerPerRun()) {
                        servers.put(key, server);
                    }
                    // New code paths get compiled at a new connection count too (measured: C2 used a third of the
                    // ffm-io_uring server's CPU in its first run at 100 connections, after it had settled at one).
                    boolean first = warmed.add(key + "|" + scenario.name() + "|" + connections) || fresh;
                    pending.add(new Pending(cell, run, scenario.measure(server, connections, first, context)));
                } catch (IOException | RuntimeException e) {
                    failed(cell, run, e);
                } finally {
                    if (server != null && scenario.freshServerPerRun()) {
                        server.close();
                    }
                    progress.done();
                }
            }
        }
    }

    private static boolean isRunning(ServerProcess server) {
        return server != null && server.isAlive();
    }

    private static String key(Scenario scenario, String transport) {
        return transport + " " + String.join(" ", scenario.serverArgs()) + " "
                + String.join(" ", scenario.serverJvmOptions());
    }

    /**
     * Starts, all at once, the servers this scenario needs that are not running yet. A failure is left for the
     * run to meet again (and record) when it starts that server itself.
     */
    private void startMissing(Scenario scenario, List<String> transports) throws InterruptedException {
        Map<String, Future<ServerProcess>> starting = new LinkedHashMap<>();
        // A thread per start: the common pool has a single thread here, since the bench is pinned to one CPU.
        try (ExecutorService starters = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            for (String transport : transports) {
                String key = key(scenario, transport);
                if (!isRunning(servers.get(key))) {
                    starting.put(key, starters.submit(() -> start(scenario, transport)));
                }
            }
            for (Map.Entry<String, Future<ServerProcess>> e : starting.entrySet()) {
                try {
                    servers.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException failed) {
                    progress.message("bench: a server for " + scenario.name() + " did not start: "
                            + failed.getCause().getMessage());
                }
            }
        }
    }

    /**
     * Starts a server on every CPU (start-up is mostly JIT and class loading, which would otherwise queue on the
     * server's CPUs behind the other servers starting), then moves all its threads to the server CPUs before any
     * run: threads it starts later inherit that.
     */
    private ServerProcess start(Scenario scenario, String transport) throws IOException {
        List<String> args = new ArrayList<>(TransportVariant.of(transport).serverArgs());
        args.addAll(commonArgs);
        args.addAll(scenario.serverArgs());
        String allCpus = options.serverCpus() + "," + options.loadCpus();
        List<String> command = launcher.command(allCpus, scenario.serverJvmOptions(), args);
        Path log = logs.resolve(scenario.name() + "-" + transport + ".log");
        ServerProcess server = ServerProcess.start(command, log, 60);
        try {
            String out = Environment.run(List.of("taskset", "-a", "-p", "-c", options.serverCpus(),
                    Long.toString(server.pid())));
            if (!out.contains("new affinity list")) {
                throw new IOException("cannot pin the server to CPUs " + options.serverCpus() + ": " + out.strip());
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }
}
