package dev.ringnet.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.bench.BenchOptions;
import dev.ringnet.bench.load.ClientGroup;
import dev.ringnet.bench.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The echo scenario, run end to end (process, perf window, client) against a server that takes 1 ms per request,
 * must report latencies of at least 1 ms: a client that timed something else (its own write, say) would not.
 */
class EchoScenarioTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatSleepsOneMillisecondPerRequestShowsAMedianOfAtLeastOneMillisecond() throws Exception {
        Map<String, Double> figures = measureTwoConnections(List.of("--duration", "1s", "--warmup", "200ms"), false);

        assertEquals(0.0, figures.get("errors"));
        assertTrue(figures.get("p50_us") >= 1000, "p50 " + figures.get("p50_us") + " us < 1 ms");
        // Two connections of one message each, at >= 1 ms a round trip: at most ~2,000 a second.
        assertTrue(figures.get("throughput") <= 2000 && figures.get("throughput") > 100,
                "throughput " + figures.get("throughput"));
        // The server was measured from outside too: its reads and writes per round trip.
        assertTrue(figures.get("syscalls_per_req") >= 2, "syscalls " + figures.get("syscalls_per_req"));
        assertTrue(figures.get("cpu_us_per_req") > 0);
        assertFalse(figures.containsKey("jit_settle_s"), "not the cell's first run: no settling");
    }

    @Test
    void theFirstRunOfACellWarmsUpUntilTheServersJitIsQuietWithinTheLimit() throws Exception {
        Map<String, Double> figures = measureTwoConnections(List.of("--duration", "500ms", "--warmup", "200ms",
                "--jit-settle", "3s"), true);

        assertEquals(0.0, figures.get("errors"));
        // At least one round of 1 s; at most the limit plus the round under way when it passed (and slack).
        double settled = figures.get("jit_settle_s");
        assertTrue(settled >= 1 && settled < 5, "settled after " + settled + " s");
    }

    /** One echo-64 run at two connections against a server that takes 1 ms per request. */
    private Map<String, Double> measureTwoConnections(List<String> benchArgs, boolean firstRunOfCell)
            throws Exception {
        BenchOptions options = BenchOptions.parse(benchArgs);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                SlowEchoServer.class.getName(), "1", "64");
        try (ClientGroup clients = new ClientGroup(1);
             ServerProcess server = ServerProcess.start(command, dir.resolve("server.log"), 30)) {
            RunContext context = new RunContext(options, clients, Files.createDirectories(dir.resolve("scratch")),
                    java);
            return new EchoScenario("echo-64", 64).measure(server, 2, firstRunOfCell, context).get();
        }
    }
}
