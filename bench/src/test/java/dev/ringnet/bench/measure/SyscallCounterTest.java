package dev.ringnet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** perf-based counting sees the system calls of another process, exactly and only inside the window. */
class SyscallCounterTest {
    private static final int CALLS = 200_000;

    @Test
    void countsTheKnownCallsOfAnotherProcessInsideTheWindowOnly() throws Exception {
        Process loop = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SyscallLoop.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
