package dev.ringnet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** perf-based counting sees the system calls of another process, exactly and only inside the window. */
class SyscallCounterTest {
    private static final int CALLS = 200_000;

    @Test
    void countsTheKnownCallsOfAnotherProcessInsideTheWindowOnly() throws Exception {
        Process loop = startLoop();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(loop.getInputStream()));
             PrintStream in = new PrintStream(loop.getOutputStream(), true)) {
            assertEquals("ready", out.readLine());
            List<String> named = new ArrayList<>(SyscallCounter.NAMED);
            named.add("getppid");

            // Calls made before the window opens must not be counted.
            in.println(CALLS / 4);
            assertEquals("done", out.readLine());
            SyscallCounter.SyscallCounts counts;
            try (SyscallCounter counter = SyscallCounter.attach(loop.pid(), named)) {
                in.println(1000);
                assertEquals("done", out.readLine());
                counter.start();
                in.println(CALLS);
                assertEquals("done", out.readLine());
                counter.stop();
                counts = counter.counts();
            }
            assertEquals(CALLS, counts.byName().get("getppid"), "getppid calls inside the window");
            // Everything the process did in the window: the calls, plus the read/write of the two lines and
            // whatever the JVM's own threads did meanwhile (a few hundred at most here).
            assertTrue(counts.total() >= CALLS + 2, "total " + counts.total() + " < " + (CALLS + 2));
            assertTrue(counts.total() < CALLS + 20_000, "total " + counts.total() + " far above " + CALLS);
            assertTrue(counts.windowNanos() > 0, "perf reports how long the counters were on");
        } finally {
            loop.destroy();
            loop.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What perf 6.1 prints here when a thread exits between two of its event opens (seen on a thread-churning JVM). */
    private static final String LOST_RACE = "Error:\nThe sys_perf_event_open() syscall returned with 3"
            + " (No such process) for event (syscalls:sys_enter_read).\n"
            + "/bin/dmesg | grep -i perf may provide additional information.";

    @Test
    void retriesAnAttachThatLostTheRaceWithAnExitingThread(@TempDir Path dir) throws Exception {
        // A perf that loses the race on its first start and is the real perf after that.
        Path perf = fakePerf(dir, "if [ ! -e " + dir.resolve("lost") + " ]; then touch " + dir.resolve("lost")
                + "; printf '" + LOST_RACE.replace("\n", "\\n") + "\\n'; exit 255; fi\nexec perf \"$@\"");
        Process loop = startLoop();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(loop.getInputStream()));
             PrintStream in = new PrintStream(loop.getOutputStream(), true)) {
            assertEquals("ready", out.readLine());
            SyscallCounter.SyscallCounts counts;
            try (SyscallCounter counter = SyscallCounter.attach(perf.toString(), loop.pid(), List.of("getppid"))) {
                assertTrue(Files.exists(dir.resolve("lost")), "the first attach ran and failed");
                counter.start();
                in.println(1000);
                assertEquals("done", out.readLine());
                counter.stop();
                counts = counter.counts();
            }
            assertEquals(1000L, counts.byName().get("getppid"), "the second attach counts the window");
        } finally {
            loop.destroy();
            loop.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void givesUpOnAnyOtherPerfErrorAtOnceAndOnALostRaceAfterTheLastAttempt(@TempDir Path dir) throws Exception {
        Path starts = dir.resolve("starts");
        Path other = fakePerf(dir.resolve("other"), "echo x >> " + starts + "; echo 'event syntax error'; exit 129");
        IOException e = assertThrows(IOException.class, () -> SyscallCounter.attach(other.toString(),
                ProcessHandle.current().pid(), List.of("read")));
        assertTrue(e.getMessage().contains("event syntax error"), e.getMessage());
        assertEquals(1, Files.readAllLines(starts).size(), "perf starts for an error that is not a lost race");

        Files.delete(starts);
        Path losing = fakePerf(dir.resolve("losing"), "echo x >> " + starts + "; printf '"
                + LOST_RACE.replace("\n", "\\n") + "\\n'; exit 255");
        e = assertThrows(IOException.class, () -> SyscallCounter.attach(losing.toString(),
                ProcessHandle.current().pid(), List.of("read")));
        assertTrue(e.getMessage().contains("No such process"), e.getMessage());
        assertEquals(SyscallCounter.ATTACH_ATTEMPTS, Files.readAllLines(starts).size(),
                "perf starts when every attach loses the race");
    }

    /** A shell script standing in for perf, running {@code body}. */
    private static Path fakePerf(Path dir, String body) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("perf");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static Process startLoop() throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SyscallLoop.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void parsesPerfCsvIncludingEventsThatNeverRan() throws Exception {
        SyscallCounter.SyscallCounts counts = SyscallCounter.parse(List.of("# started on Wed",
                "", "1234,,raw_syscalls:sys_enter,500000000,100.00,,",
                "<not counted>,,syscalls:sys_enter_splice,0,100.00,,",
                "77,,syscalls:sys_enter_read,500000000,100.00,,"));
        assertEquals(1234, counts.total());
        assertEquals(500_000_000L, counts.windowNanos());
        assertEquals(0L, counts.byName().get("splice"));
        assertEquals(77L, counts.byName().get("read"));
    }
}
