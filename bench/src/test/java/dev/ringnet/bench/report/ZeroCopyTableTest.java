package dev.ringnet.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPU per GiB from CPU per request and bytes per request, and the on/off table built from the two scenarios. */
class ZeroCopyTableTest {
    @Test
    void cpuPerGibAndTheRatioOfTheTwoModes() {
        Results r = new Results();
        r.setTransports(List.of("epoll"));
        r.addScenario("file-1m-zc-on", "request", "file", List.of(100));
        r.addScenario("file-1m-zc-off", "request", "file", List.of(100));
        // 1 MiB per request (100 MiB/s at 100 requests/s): 500 us per request is 512 ms per GiB.
        r.cell("file-1m-zc-on", 100, "epoll").addRun(Map.of("cpu_us_per_req", 500.0, "mib_per_sec", 100.0,
                "throughput", 100.0));
        r.cell("file-1m-zc-off", 100, "epoll").addRun(Map.of("cpu_us_per_req", 1000.0, "mib_per_sec", 200.0,
                "throughput", 200.0));
        assertEquals(512.0, ZeroCopyTable.cpuMsPerGib(r.find("file-1m-zc-on", 100, "epoll")), 1e-9);
        StringBuilder md = new StringBuilder();
        ZeroCopyTable.render(md, r);
        assertTrue(md.toString().contains("| file-1m, 100 conn | epoll | 512 | 1024 | 0.50x |"), md.toString());
    }

    @Test
    void nothingWithoutBothModes() {
        Results r = new Results();
        r.setTransports(List.of("epoll"));
        r.addScenario("file-1m-zc-on", "request", "file", List.of(100));
        r.cell("file-1m-zc-on", 100, "epoll").addRun(Map.of("cpu_us_per_req", 500.0, "mib_per_sec", 100.0,
                "throughput", 100.0));
        StringBuilder md = new StringBuilder();
        ZeroCopyTable.render(md, r);
        assertEquals("", md.toString());
    }
}
