package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The startup warning for a server running as root: the decision, the uid it is read from, and the real start. */
class RootWarningTest {
    @Test
    void onlyRootIsWarnedAndTheWarningSaysWhatToDo() {
        String warning = RootWarning.warningFor(0);
        assertTrue(warning.startsWith("running as root (uid 0)"), warning);
        assertTrue(warning.contains("unprivileged user") && warning.contains("uid 10001"), warning);
        assertNull(RootWarning.warningFor(10001));
        assertNull(RootWarning.warningFor(1000));
        assertNull(RootWarning.warningFor(-1), "an unknown uid is not root");
    }

    @Test
    void theUidIsTheEffectiveOneTheKernelReports() throws Exception {
        // /proc/self/status: "Uid:\treal\teffective\tsaved\tfs" (proc(5)).
        String uidLine = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(Integer.parseInt(uidLine.split("\\s+")[2]), RootWarning.effectiveUid());
    }

    /** The real program, in a JVM of its own (the warning is said once per process): warned exactly when root. */
    @Test
    void aServerStartedAsRootLogsTheWarningOnce() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--transport", "nio",
                "--http-port", "0", "--log-level", "warn").start();
        try {
            CompletableFuture<List<String>> stderr = CompletableFuture.supplyAsync(() -> stderrLines(process));
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String started = stdout.readLine();
            assertTrue(started != null && started.startsWith("ringnet started "), "stdout: " + started);
            process.destroy(); // SIGTERM: the server shuts down and its stderr ends
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "no exit after SIGTERM");
            List<String> log = stderr.get(5, TimeUnit.SECONDS);
            long warnings = log.stream().filter(l -> l.contains("running as root")).count();
            assertEquals(RootWarning.effectiveUid() == 0 ? 1 : 0, warnings, String.join("\n", log));
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> stderrLines(Process process) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (java.io.IOException e) {
            lines.add("(stderr cut: " + e + ")");
        }
        return lines;
    }
}
