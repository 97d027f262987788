package dev.ringnet.server.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ringnet bench --quick} inside a container (io_uring allowed) writes its report into a directory
 * mounted from the host. Skipped, saying so, while the image's launcher has no {@code bench} command (it comes
 * with the bench module's branch).
 */
class BenchContainerIT {
    @BeforeAll
    static void needsDocker() {
        DockerRequirement.check();
    }

    @Test
    @Timeout(300)
    void quickBenchWritesItsReportToTheMountedDirectory(@TempDir Path reports) throws Exception {
        ServerContainer.Exited help = ServerContainer.runToExit(Sandbox.ioUringAllowed(), Duration.ofSeconds(60),
                Map.of(), "--help");
        boolean hasBench = help.stdout().lines().anyMatch(l -> l.strip().startsWith("bench "));
        if (!hasBench) {
            ContainerReport.record("BenchContainerIT", "skipped: the image's bin/ringnet has no bench command");
        }
        Assumptions.assumeTrue(hasBench, "bin/ringnet bench does not exist in this checkout (the command comes with"
                + " the bench module, branch helper/bench); `ringnet --help` in the image lists no bench");
        // The container's user (uid 10001) writes there.
        Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxrwxrwx"));
        ServerContainer.Exited run = ServerContainer.runToExit(Sandbox.ioUringAllowed(), Duration.ofSeconds(280),
                Map.of(reports.toString(), "/reports"), "bench", "--quick", "--out", "/reports");
        ContainerReport.record("BenchContainerIT", "exit=" + run.status() + ", report files: "
                + String.join(",", reports.toFile().list()));
        assertEquals(0, run.status(), run.stderr());
        for (String name : new String[] {"results.json", "report.md"}) {
            Path file = reports.resolve(name);
            assertTrue(Files.isRegularFile(file) && Files.size(file) > 0, name + " missing or empty: "
                    + run.stderr());
        }
    }
}
