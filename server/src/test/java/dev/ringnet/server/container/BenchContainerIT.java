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
 * mounted from the host. Skipped, saying why, while the image carries no bench jars (today: the image is built
 * from the server's jars during the server's ITs, before the bench module is packaged).
 */
class BenchContainerIT {
    @BeforeAll
    static void needsDocker() {
        DockerRequirement.check();
    }

    @Test
    @Timeout(300)
    void quickBenchWritesItsReportToTheMountedDirectory(@TempDir Path reports) throws Exception {
        // The image carries the server's jars only: the server's ITs run before the bench module is packaged. The
        // launcher in the image says so (no mvnw to build with); once the image carries the bench, this runs.
        ServerContainer.Exited help = ServerContainer.runToExit(Sandbox.ioUringAllowed(), Duration.ofSeconds(60),
                Map.of(), "bench", "--help");
        if (help.status() != 0) {
            ContainerReport.record("BenchContainerIT", "skipped: " + String.join(" ", help.stderrLines()));
        }
        Assumptions.assumeTrue(help.status() == 0, () -> "the server image has no bench: `ringnet bench --help` "
                + "exited " + help.status() + ": " + String.join(" ", help.stderrLines()));
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
