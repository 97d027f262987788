package dev.ringnet.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CI's soak: {@code ci/soak 30s} (the script a user runs) against every transport available here, 30 s of measured
 * mixed traffic each, two minutes in all. Every transport must pass: no failed operation, no leak report, open files
 * and RSS back within bounds, a clean exit.
 */
class SoakIT {
    @Test
    void thirtySecondsOfMixedTrafficPerTransportLoseAndLeakNothing() throws Exception {
        Path home = Path.of(System.getProperty("ringnet.home", "..")).toAbsolutePath().normalize();
        Path out = home.resolve("bench/soak");
        Path log = home.resolve("bench/target/soak.log");
        Files.deleteIfExists(out.resolve("soak.md"));
        Process soak = new ProcessBuilder(home.resolve("ci/soak").toString(), "30s").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!soak.waitFor(8, TimeUnit.MINUTES)) {
            soak.destroyForcibly();
            fail("ci/soak 30s still running after 8 minutes; log: " + log);
        }
        String output = Files.readString(log);
        assertEquals(0, soak.exitValue(), "ci/soak 30s failed:\n" + output);
        List<String> verdicts = output.lines().filter(l -> l.matches("soak: \\S+ (passed|FAILED): .*")).toList();
        assertTrue(verdicts.size() >= 3, "a verdict per transport (ffm-io_uring, epoll, nio at least):\n" + output);
        assertTrue(verdicts.stream().anyMatch(l -> l.startsWith("soak: ffm-io_uring passed")), output);
        assertFalse(output.contains("FAILED"), output);
        String report = Files.readString(out.resolve("soak.md"));
        for (String verdict : verdicts) {
            String transport = verdict.split(" ")[1];
            assertTrue(report.contains("| " + transport + " | passed |"),
                    transport + " not passed in soak.md:\n" + report);
        }
    }
}
