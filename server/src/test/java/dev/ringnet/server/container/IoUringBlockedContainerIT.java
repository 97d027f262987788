package dev.ringnet.server.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A container whose seccomp profile denies io_uring_setup with EPERM, as Docker 25+ and containerd do by default:
 * {@code auto} falls back to epoll saying why in one line, and naming our transport exits 2 with that cause.
 */
class IoUringBlockedContainerIT {
    private static final String FFM_SKIPPED = "ffm-io_uring unavailable: io_uring_setup: EPERM";

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.check();
    }

    @Test
    void autoFallsBackToEpollWithOneLineNamingSeccomp() throws Exception {
        try (ServerContainer server = ServerContainer.serve(Sandbox.ioUringBlocked())) {
            ContainerReport.record("IoUringBlockedContainerIT.auto", "transport=" + server.transport() + " ("
                    + Sandbox.ioUringBlocked() + ")");
            assertEquals("epoll", server.transport(), server.stderr());
            List<String> ours = server.skippedTransportLines().stream().filter(l -> l.contains(FFM_SKIPPED)).toList();
            assertEquals(1, ours.size(), "one line for ffm-io_uring in:\n" + server.stderr());
            assertTrue(ours.getFirst().contains("seccomp"), ours.getFirst());
            ServerContainer.assertNoStackTrace(server.stderr());
            Traffic.assertHelloAnswers(server.httpPort());
            Traffic.assertEchoes(server.echoPort());
        }
    }

    @Test
    void namingFfmIoUringExitsTwoWithTheCause() throws Exception {
        ServerContainer.Exited run = ServerContainer.runToExit(Sandbox.ioUringBlocked(), Duration.ofSeconds(60),
                Map.of(), "serve", "--bind", "127.0.0.1", "--http-port", "0", "--transport", "ffm-io_uring");
        ContainerReport.record("IoUringBlockedContainerIT.named", "exit=" + run.status() + " ("
                + Sandbox.ioUringBlocked() + ")");
        assertEquals(2, run.status(), run.stderr());
        assertEquals(1, run.stderrLines().size(), "exactly one line on stderr:\n" + run.stderr());
        String line = run.stderrLines().getFirst();
        assertTrue(line.startsWith("ringnet: transport ffm-io_uring is unavailable here: io_uring_setup: EPERM"),
                line);
        assertTrue(line.contains("seccomp"), line);
        assertTrue(line.contains("fix: use --transport auto (it picks epoll on this host)"), line);
        assertFalse(run.stdout().contains("ringnet started"), run.stdout());
    }
}
