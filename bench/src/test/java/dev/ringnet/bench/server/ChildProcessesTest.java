package dev.ringnet.bench.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildProcessesTest {
    @Test
    void sigtermToTheParentStopsItsChildren() throws Exception {
        ProcessHandle sleep = orphanedSleep("hooked");
        try {
            assertDoesNotThrow(() -> sleep.onExit().get(10, TimeUnit.SECONDS),
                    "the child outlived its parent's SIGTERM by 10 s");
            assertFalse(sleep.isAlive());
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void withoutTheHookTheChildIsLeftRunning() throws Exception {
        ProcessHandle sleep = orphanedSleep("bare");
        try {
            Thread.sleep(500);
            assertTrue(sleep.isAlive(), "the control case: a child of a killed JVM keeps running unless stopped");
        } finally {
            sleep.destroyForcibly();
        }
    }

    /** Starts {@link ParentOfSleep} with {@code mode}, sends it SIGTERM once its child runs, returns the child. */
    private static ProcessHandle orphanedSleep(String mode) throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ParentOfSleep.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Optional<ProcessHandle> sleep = ProcessHandle.of(Long.parseLong(line.trim()));
            assertTrue(sleep.isPresent() && sleep.get().isAlive(), "the child did not start");
            parent.destroy(); // SIGTERM
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS), "the parent did not exit on SIGTERM");
            return sleep.get();
        } finally {
            parent.destroyForcibly();
        }
    }
}
