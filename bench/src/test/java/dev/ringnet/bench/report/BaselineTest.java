package dev.ringnet.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.json survives a round trip, and the baseline marks exactly the moves larger than the spread. */
class BaselineTest {
    @TempDir
    Path dir;

    private static Results results(double... throughputs) {
        Results r = new Results();
        r.meta().put("started", "then");
        r.setTransports(List.of("epoll"));
        r.addScenario("echo-64", "round trip", "echo", List.of(100));
        Cell cell = r.cell("echo-64", 100, "epoll");
        for (double t : throughputs) {
            cell.addRun(Map.of("throughput", t, "cpu_us_per_req", 10.0));
        }
        return r;
    }

    @Test
    void roundTripKeepsRunsAndSummaries() throws Exception {
        Path file = dir.resolve("results.json");
        results(100, 120, 110).write(file);
        Results read = Results.read(file);
        Cell cell = read.find("echo-64", 100, "epoll");
        assertEquals(3, cell.runs().size());
        assertEquals(new Cell.Stat(110, 100, 120, 3), cell.stat("throughput"));
        assertEquals(List.of(100), read.connections("echo-64"));
        assertEquals("then", read.meta().path("started").asText());
    }

    @Test
    void aMoveWithinTheSpreadIsNotMarkedOneBeyondItIs() {
        Baseline baseline = new Baseline(results(100, 120, 110), "old.json");
        Cell within = results(105, 125, 115).find("echo-64", 100, "epoll");
        assertFalse(baseline.compare(within, "throughput").moved(), "5 % when runs spread 20 %");

        Cell beyond = results(150, 160, 155).find("echo-64", 100, "epoll");
        Baseline.Change change = baseline.compare(beyond, "throughput");
        assertTrue(change.moved());
        assertTrue(change.better(), "more throughput is better");
        assertEquals("better +41%", change.mark());

        Cell slower = results(50, 52, 51).find("echo-64", 100, "epoll");
        assertEquals("worse -54%", baseline.compare(slower, "throughput").mark());
        assertFalse(baseline.compare(slower, "cpu_us_per_req").moved(), "identical CPU figures");
        assertNull(baseline.compare(slower, "p50_us"), "no such figure in the baseline");
    }
}
