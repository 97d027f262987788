package dev.ringnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CI's check of the bench: {@code bin/ringnet bench --quick} (the launcher itself, as a user runs it) must finish
 * in time and produce, for every transport available here, every figure of every quick scenario, from at least
 * two runs without errors.
 */
class QuickBenchIT {
    /**
     * --quick takes under three minutes on two idle CPUs; this machine's CPUs are shared with other builds, which
     * stretch every run, so the check only catches a bench that has grown far beyond that.
     */
    private static final long LIMIT_SECONDS = 300;
    private static final List<String> TRAFFIC_FIGURES = List.of("throughput", "p50_us", "p90_us", "p99_us",
            "p999_us", "cpu_us_per_req", "syscalls_per_req", "ctx_vol_per_sec", "ctx_invol_per_sec", "rss_mib",
            "gc_ms");
    private static final List<String> MEMORY_FIGURES = List.of("rss_kib_per_conn", "heap_kib_per_conn",
            "native_kib_per_conn", "rss_mib");

    @Test
    void quickRunHasEveryFigureForEveryAvailableTransport() throws Exception {
        Path home = Path.of(System.getProperty("ringnet.home", "..")).toAbsolutePath().normalize();
        Path out = home.resolve("bench/target/quick");
        Path log = home.resolve("bench/target/quick-bench.log");
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("results.json"));
        // The launcher rebuilds the jars when sources are newer: done here, so the time below is the bench's.
        Process help = new ProcessBuilder(home.resolve("bin/ringnet").toString(), "bench", "--help")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(help.waitFor(600, TimeUnit.SECONDS) && help.exitValue() == 0,
                "bin/ringnet bench --help failed: " + Files.readString(log));
        long start = System.nanoTime();
        Process bench = new ProcessBuilder(home.resolve("bin/ringnet").toString(), "bench", "--quick",
                "--out", out.toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!bench.waitFor(LIMIT_SECONDS + 60, TimeUnit.SECONDS)) {
            bench.destroyForcibly();
            fail("bin/ringnet bench --quick still running after " + (LIMIT_SECONDS + 60) + " s; log: " + log);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        String output = Files.readString(log);
        assertEquals(0, bench.exitValue(), "bin/ringnet bench --quick failed:\n" + output);
        assertTrue(seconds <= LIMIT_SECONDS, "--quick took " + seconds + " s");

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("ringnet-bench/1", results.path("schema").asText());
        List<String> available = new ArrayList<>();
        results.path("environment").path("transports").fields().forEachRemaining(e -> {
            if (e.getValue().path("available").asBoolean()) {
                available.add(e.getKey());
            }
        });
        List<String> compared = new ArrayList<>();
        results.path("transports").forEach(t -> compared.add(t.asText()));
        assertEquals(available, compared, "every available transport is compared");
        assertTrue(compared.size() >= 2, "at least two transports run here (epoll and nio always do)");

        List<String> missing = new ArrayList<>();
        int scenarios = 0;
        for (JsonNode scenario : results.path("scenarios")) {
            scenarios++;
            String name = scenario.path("name").asText();
            List<String> figures = switch (name) {
                case "idle" -> MEMORY_FIGURES;
                // wrk's latencies are not valid for pipelined batches: the bench reports none there.
                case "http-pipelined" -> TRAFFIC_FIGURES.stream().filter(f -> !f.endsWith("_us")).toList();
                default -> TRAFFIC_FIGURES;
            };
            for (JsonNode connections : scenario.path("connections")) {
                for (String transport : compared) {
                    checkCell(results, name, connections.asInt(), transport, figures, missing);
                }
            }
        }
        assertEquals(BenchOptions.ALL_SCENARIOS.size(), scenarios - zeroCopyExtras(results),
                "every scenario ran");
        assertTrue(missing.isEmpty(), "missing from the quick run:\n" + String.join("\n", missing));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"), "report.html has charts");
        assertTrue(Files.size(out.resolve("report.md")) > 1000, "report.md is written");
    }

    /** With the server's --zero-copy switch each file scenario runs twice (on, off): one extra per file size. */
    private static int zeroCopyExtras(JsonNode results) {
        return results.path("zero_copy_switch").asBoolean() ? 2 : 0;
    }

    private static void checkCell(JsonNode results, String scenario, int connections, String transport,
                                  List<String> figures, List<String> missing) {
        String where = scenario + " c=" + connections + " " + transport;
        for (JsonNode cell : results.path("cells")) {
            if (cell.path("scenario").asText().equals(scenario) && cell.path("connections").asInt() == connections
                    && cell.path("transport").asText().equals(transport)) {
                if (!cell.path("errors").isEmpty()) {
                    missing.add(where + ": errors " + cell.path("errors"));
                }
                if (cell.path("runs").size() < 2) {
                    missing.add(where + ": " + cell.path("runs").size() + " runs, want at least 2");
                }
                for (String figure : figures) {
                    JsonNode summary = cell.path("summary").path(figure);
                    if (!summary.path("median").isNumber()) {
                        missing.add(where + ": no " + figure);
                    } else if (figure.equals("throughput") && summary.path("median").asDouble() <= 0) {
                        missing.add(where + ": throughput " + summary.path("median").asDouble());
                    }
                }
                if (cell.path("summary").path("errors").path("max").asDouble() > 0) {
                    missing.add(where + ": the load saw errors " + cell.path("summary").path("errors"));
                }
                return;
            }
        }
        missing.add(where + ": no cell");
    }
}
