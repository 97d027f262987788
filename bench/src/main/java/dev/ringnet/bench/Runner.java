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

/**
 * Runs the scenarios: for each scenario and connection count, runs every transport once, then again, until each
 * has its runs (A B C A B C ...), so that drift in the machine spreads over all transports instead of favouring
 * one. One server per transport serves a whole scenario (started on first use, all pinned to the server CPUs,
 * idle while another is measured), unless the scenario asks for a fresh server per run.
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

    Runner(BenchOptions options, ServerLauncher launcher, RunContext context, Results results, Progress progress,
           Path logs) {
        this.options = options;
        this.launcher = launcher;
        this.context = context;
        this.results = results;
        this.progress = progress;
        this.logs = logs;
    }

    /** Runs every scenario over {@code transports}. */
    void run(List<Scenario> scenarios, List<String> transports) throws InterruptedException {
        for (Scenario scenario : scenarios) {
            Map<String, ServerProcess> servers = new LinkedHashMap<>();
            try {
                scenario.prepare(context);
                for (int connections : scenario.connectionCounts(context)) {
                    runCounts(scenario, connections, transports, servers);
                }
            } catch (IOException e) {
                progress.message("bench: " + scenario.name() + " could not run: " + e.getMessage());
                for (int connections : scenario.connectionCounts(context)) {
                    for (String t : transports) {
                        results.cell(scenario.name(), connections, t).addError(e.getMessage());
                    }
                }
            } finally {
                servers.values().forEach(ServerProcess::close);
                scenario.finish();
            }
        }
    }

    private void runCounts(Scenario scenario, int connections, List<String> transports,
                           Map<String, ServerProcess> servers) throws InterruptedException {
        int runs = options.runs();
        for (int run = 1; run <= runs; run++) {
            for (String transport : transports) {
                progress.starting(scenario.name(), connections, transport, run, runs);
                Cell cell = results.cell(scenario.name(), connections, transport);
                ServerProcess server = null;
                try {
                    boolean first = scenario.freshServerPerRun() || !isRunning(servers.get(transport));
                    server = first ? start(scenario, transport) : servers.get(transport);
                    if (!scenario.freshServerPerRun()) {
                        servers.put(transport, server);
                    }
                    cell.addRun(scenario.measure(server, connections, first, context));
                } catch (IOException | RuntimeException e) {
                    String cause = e.getMessage() == null ? e.toString() : e.getMessage();
                    cell.addError("run " + run + ": " + cause);
                    progress.message("bench: " + scenario.name() + " c=" + connections + " " + transport + " run "
                            + run + " failed: " + cause);
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

    private ServerProcess start(Scenario scenario, String transport) throws IOException {
        List<String> args = new ArrayList<>(List.of("--transport", transport, "--bind", "127.0.0.1",
                "--http-port", "0", "--echo-port", "0", "--io-threads", Integer.toString(options.ioThreads()),
                "--worker-threads", "1", "--max-connections", "19500", "--idle-timeout", "0",
                "--log-level", "warn", "--root", context.scratch().resolve("www").toString()));
        args.addAll(scenario.serverArgs());
        List<String> command = launcher.command(options.serverCpus(), scenario.serverJvmOptions(), args);
        Path log = logs.resolve(scenario.name() + "-" + transport + ".log");
        return ServerProcess.start(command, log, 60);
    }
}
