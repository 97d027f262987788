package dev.ringnet.server.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * io_uring allowed but RLIMIT_MEMLOCK small, for the container's unprivileged user (no CAP_IPC_LOCK).
 *
 * <p>Whether a small memlock stops a ring is the kernel's business: Linux 5.12 moved the rings to memcg
 * accounting, and the io_uring memory-region code of recent kernels ({@code io_create_region} in
 * {@code io_uring/memmap.c}) charges them to RLIMIT_MEMLOCK again. So the expectation is not written here from a
 * kernel version: it comes from Netty's own io_uring transport, an independent implementation, asked through
 * {@code ringnet transports} in the same sandbox. When Netty's ring fails with ENOMEM under memlock 0, ours must be
 * skipped with one line naming memlock and the server must fall back to epoll; when Netty's ring is created, this
 * kernel does not charge rings to memlock and the server must still pick (and run on) ffm-io_uring.
 */
class MemlockContainerIT {
    private static final long SMALL_MEMLOCK = 64 * 1024;
    private static boolean kernelChargesRings;

    @BeforeAll
    static void askTheKernelThroughNetty() throws Exception {
        DockerRequirement.check();
        ServerContainer.Exited table = ServerContainer.runToExit(Sandbox.ioUringAllowed().withMemlock(0),
                Duration.ofSeconds(60), Map.of(), "transports");
        assertEquals(0, table.status(), table.stderr());
        String jni = table.stdout().lines().filter(l -> l.startsWith("jni-io_uring ")).findFirst()
                .orElseThrow(() -> new AssertionError("no jni-io_uring row in:\n" + table.stdout()));
        kernelChargesRings = jni.contains(" no ") && jni.contains("memlock");
        assertTrue(kernelChargesRings || jni.contains(" yes "), "Netty's io_uring failed otherwise: " + jni);
        ContainerReport.record("MemlockContainerIT", "memlock=0: Netty's io_uring says: " + jni.replaceAll("\\s+",
                " ") + " => the kernel " + (kernelChargesRings ? "charges" : "does not charge")
                + " io_uring rings to RLIMIT_MEMLOCK");
    }

    @Test
    void memlockZeroFallsBackToEpollNamingMemlock() throws Exception {
        serveAndCheck(0);
    }

    @Test
    void memlockOf64KiBFallsBackToEpollNamingMemlock() throws Exception {
        // The probe's 2-entry ring fits in 64 KiB; the event loops' rings do not: the fallback happens later.
        serveAndCheck(SMALL_MEMLOCK);
    }

    @Test
    void namingFfmIoUringUnderSmallMemlockFailsWithOneLineNamingMemlock() throws Exception {
        Sandbox sandbox = Sandbox.ioUringAllowed().withMemlock(SMALL_MEMLOCK);
        ServerContainer.Exited run = ServerContainer.runToExit(sandbox, Duration.ofSeconds(60), Map.of(),
                "serve", "--bind", "127.0.0.1", "--http-port", "0", "--io-threads", "2", "--transport", "ffm-io_uring");
        ContainerReport.record("MemlockContainerIT.named", "exit=" + run.status() + " (" + sandbox + ")");
        ServerContainer.assertNoStackTrace(run.stderr());
        if (!kernelChargesRings) {
            assertTrue(run.stdout().contains("ringnet started transport=ffm-io_uring"), run.stdout() + run.stderr());
            return;
        }
        // Exit 2 when the probe itself failed, 1 when the event loops did (a startup failure).
        assertTrue(run.status() == 1 || run.status() == 2, "exit " + run.status() + ": " + run.stderr());
        List<String> ours = run.stderrLines().stream().filter(l -> l.startsWith("ringnet: ")).toList();
        assertEquals(1, ours.size(), run.stderr());
        assertTrue(ours.getFirst().contains("ENOMEM") && ours.getFirst().contains("RLIMIT_MEMLOCK"), ours.getFirst());
    }

    private static void serveAndCheck(long memlock) throws Exception {
        Sandbox sandbox = Sandbox.ioUringAllowed().withMemlock(memlock);
        try (ServerContainer server = ServerContainer.serve(sandbox)) {
            List<String> ours = server.skippedTransportLines().stream()
                    .filter(l -> l.contains("ffm-io_uring unavailable: ")).toList();
            ContainerReport.record("MemlockContainerIT.memlock" + memlock, "transport=" + server.transport()
                    + " (" + sandbox + ")" + (ours.isEmpty() ? "" : "; logged: "
                    + ours.getFirst().substring(ours.getFirst().indexOf("ffm-io_uring unavailable"))));
            ServerContainer.assertNoStackTrace(server.stderr());
            if (kernelChargesRings) {
                assertEquals("epoll", server.transport(), server.stderr());
                assertEquals(1, ours.size(), "one line for ffm-io_uring in:\n" + server.stderr());
                assertTrue(ours.getFirst().contains("ENOMEM"), ours.getFirst());
                assertTrue(ours.getFirst().contains("RLIMIT_MEMLOCK"), ours.getFirst());
            } else {
                assertEquals("ffm-io_uring", server.transport(), server.stderr());
            }
            Traffic.assertHelloAnswers(server.httpPort());
            Traffic.assertEchoes(server.echoPort());
        }
    }
}
