package dev.ringnet.bench.scenario;

import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of traffic the bench compares transports under. The runner starts the server for each transport with
 * {@link #serverArgs()}, then calls {@link #measure} once per run, interleaving transports.
 */
public interface Scenario {
    /** The name used on the command line and in the results: {@code echo-64}, {@code http-hello}, ... */
    String name();

    /** What one unit of work is, for "per request" figures: {@code request}, {@code connection}, ... */
    String unit();

    /** One line saying what the scenario does, for the report. */
    String description();

    /** The connection counts to run, from those asked for; a scenario may cap or replace them. */
    List<Integer> connectionCounts(RunContext context);

    /** Sets up what the scenario needs beyond the servers (an upstream, files) before its first run. */
    default void prepare(RunContext context) throws java.io.IOException {
    }

    /** Tears down what {@link #prepare} set up; called once after the scenario's last run, even on failure. */
    default void finish() {
    }

    /** Extra {@code serve} options this scenario's server needs (ports and the like are the runner's). */
    default List<String> serverArgs() {
        return List.of();
    }

    /** Extra JVM options for this scenario's server. */
    default List<String> serverJvmOptions() {
        return List.of();
    }

    /** Whether each run needs a server of its own (memory figures do); otherwise one per transport serves all. */
    default boolean freshServerPerRun() {
        return false;
    }

    /**
     * Runs one measured run against {@code server} with {@code connections} and returns its figures (keys as in
     * {@code dev.ringnet.bench.report.Figure}), possibly still being collected when this returns (perf's totals):
     * the caller may start the next run meanwhile. {@code firstOnServer}, the first run of this scenario and
     * connection count on this server, asks for a longer warm-up.
     */
    CompletableFuture<Map<String, Double>> measure(ServerProcess server, int connections, boolean firstOnServer,
                                                   RunContext context) throws IOException, InterruptedException;
}
