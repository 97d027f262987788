package dev.ringnet.bench.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringnet.server.container.ContainerReport;
import dev.ringnet.server.container.DockerRequirement;
import dev.ringnet.server.container.Sandbox;
import dev.ringnet.server.container.ServerContainer;
import dev.ringnet.server.container.ServerImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/ringnet bench --quick} inside the bench image ({@link ServerImage#BENCH}, io_uring allowed by its
 * seccomp profile, no added privileges) writes its reports into a directory mounted from the host: every transport
 * the container can run is compared with real figures, and the system calls are either counted or, where perf
 * cannot count them (as in a default container), the reports say so and why. The reports stay in
 * {@code bench/target/container-bench/} for CI to keep.
 */
class BenchContainerIT {
    /**
     * --quick takes about 3 minutes on two idle CPUs; 4 here with the CPUs shared. The limit catches a bench that
     * hangs or has grown far beyond that, not a slow machine.
     */
    private static final Duration LIMIT = Duration.ofMinutes(10);
    /** Figures above zero in every cell of the traffic scenarios whatever the machine. */
    private static final List<String> TRAFFIC_FIGURES = List.of("throughput", "cpu_us_per_req", "rss_mib");
    /**
     * Figures above zero in every cell of the file scenarios. Not throughput: --quick measures them with one second of
     * wrk at 100 connections of 1 MiB responses, and on shared CPUs a run can end before any response does (seen
     * here: the server busy at 0.3 CPU, no response complete, for any transport); the median of two such runs is 0.
     */
    private static final List<String> FILE_FIGURES = List.of("cpu_util", "rss_mib");

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.check();
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES) // LIMIT plus building the image
    void quickBenchWritesItsReportToTheMountedDirectory() throws Exception {
        Path reports = Path.of("target", "container-bench").toAbsolutePath();
        deleteTree(reports);
        Files.createDirectories(reports);
        // The container's user (uid 10001) writes there.
        Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxrwxrwx"));
        ServerImage.BENCH.name(); // built first, so that the time below is the bench's
        long start = System.nanoTime();
        ServerContainer.Exited run = ServerContainer.runToExit(ServerImage.BENCH, Sandbox.ioUringAllowed(), LIMIT,
                Map.of(reports.toString(), "/reports"), "bench", "--quick", "--out", "/reports");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        String[] files = reports.toFile().list();
        List<String> written = files == null ? List.of() : List.of(files).stream().sorted().toList();
        String tail = String.join("\n", tail(run.stderrLines(), 30));
        assertEquals(0, run.status(), "bench --quick in the container failed:\n" + tail);
        for (String name : List.of("results.json", "report.md", "report.html")) {
            Path file = reports.resolve(name);
            assertTrue(Files.isRegularFile(file) && Files.size(file) > 0, name + " missing or empty in " + reports);
        }

        JsonNode results = new ObjectMapper().readTree(reports.resolve("results.json").toFile());
        JsonNode environment = results.path("environment");
        List<String> available = new ArrayList<>();
        environment.path("transports").properties().forEach(e -> {
            if (e.getValue().path("available").asBoolean()) {
                available.add(e.getKey());
            }
        });
        List<String> compared = new ArrayList<>();
        results.path("transports").forEach(t -> compared.add(t.asText()));
        assertEquals(available, compared, "every transport available in the container is compared");
        assertTrue(compared.contains("ffm-io_uring"), "io_uring is allowed in this sandbox: " + compared);
        List<String> problems = new ArrayList<>();
        for (JsonNode cell : results.path("cells")) {
            checkCell(cell, problems);
        }
        assertTrue(problems.isEmpty(), "figures missing or zero:\n" + String.join("\n", problems));

        String syscalls = checkSyscallStatement(results, reports);
        ContainerReport.record("BenchContainerIT", "exit=" + run.status() + " after " + seconds + " s ("
                + Sandbox.ioUringAllowed() + "); " + autoPick(environment) + "; compared " + String.join(",", compared)
                + "; wrote " + String.join(",", written) + "; " + syscalls);
    }

    /** A cell has runs, and its figures above zero; the idle scenario measures memory only. */
    private static void checkCell(JsonNode cell, List<String> problems) {
        String scenario = cell.path("scenario").asText();
        String where = scenario + " c=" + cell.path("connections").asInt() + " " + cell.path("transport").asText();
        if (cell.path("runs").isEmpty()) {
            problems.add(where + ": no run; errors " + cell.path("errors"));
            return;
        }
        List<String> figures = scenario.equals("idle") ? List.of("rss_mib")
                : scenario.startsWith("file-") ? FILE_FIGURES : TRAFFIC_FIGURES;
        for (String figure : figures) {
            JsonNode median = cell.path("summary").path(figure).path("median");
            if (!median.isNumber() || median.asDouble() <= 0) {
                problems.add(where + ": " + figure + " " + median);
            }
        }
    }

    /**
     * Either perf counted the system calls (someone gave the container what perf needs), or results.json gives the
     * cause and both reports state it; never figures from a failed perf. Returns what happened, for the CI summary.
     */
    private static String checkSyscallStatement(JsonNode results, Path reports) throws Exception {
        JsonNode counting = results.path("environment").path("syscall_counting");
        assertTrue(counting.path("available").isBoolean(), "results.json says whether syscalls were counted");
        boolean anyCounted = false;
        for (JsonNode cell : results.path("cells")) {
            anyCounted |= cell.path("summary").has("syscalls_per_req");
        }
        if (counting.path("available").asBoolean()) {
            assertTrue(anyCounted, "perf was available but no cell has syscalls_per_req");
            return "syscalls counted";
        }
        String cause = counting.path("cause").asText();
        assertFalse(cause.isBlank(), "no cause given for the syscalls not counted");
        assertFalse(anyCounted, "syscall figures although perf was unavailable");
        assertTrue(Files.readString(reports.resolve("report.md")).contains("**System calls were not measured**: "
                + cause), "report.md states the cause: " + cause);
        assertTrue(Files.readString(reports.resolve("report.html")).contains("System calls were not measured"),
                "report.html states it");
        return "syscalls not counted: " + cause;
    }

    /** The transport {@code serve --transport auto} would pick, from the server's own table. */
    private static String autoPick(JsonNode environment) {
        return environment.path("transport_table").asText().lines().filter(l -> l.startsWith("auto picks"))
                .findFirst().orElse("no 'auto picks' line").strip();
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
