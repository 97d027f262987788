package dev.ringnet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc and hsperfdata readings of this very JVM move the way its own work says they must. */
class ProcessCountersTest {
    @Test
    void cpuTimeGrowsWithWorkAndRssIsPlausible() {
        long pid = ProcessHandle.current().pid();
        ProcSnapshot before = ProcSnapshot.of(pid);
        // Spin until this thread has had 300 ms of CPU by the JVM's own account (the cores here are shared, so
        // wall time says little), then /proc must show at least that, less one 10 ms tick at each end.
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        ProcSnapshot after = ProcSnapshot.of(pid);
        assertTrue(x != 42);
        long used = after.cpuNanos() - before.cpuNanos();
        assertTrue(used >= 280_000_000L, "300 ms of thread CPU showed as " + used / 1_000_000 + " ms in /proc");
        assertTrue(after.rssBytes() > 10 << 20 && after.rssBytes() < 64L << 30, "rss " + after.rssBytes());
        assertTrue(after.threads() > 1 && after.voluntarySwitches() > 0);
    }

    @Test
    void jitCompilerThreadsAreToldApartByName() {
        String c2 = "4711 (C2 CompilerThre) S 1 4700 4700 0 -1 4194368 90 0 0 0 812 13 0 0 20 0 30 0 8 0 0";
        String loop = "4712 (ringnet-io-1-1) S 1 4700 4700 0 -1 4194368 90 0 0 0 40 60 0 0 20 0 30 0 8 0 0";
        String odd = "4713 (x) (C2 CompilerThre) S 1 4700 4700 0 -1 0 0 0 0 0 1 2 0 0 20 0 30 0 8 0 0";
        assertTrue(ProcSnapshot.isJitCompiler(c2));
        assertFalse(ProcSnapshot.isJitCompiler(loop));
        assertFalse(ProcSnapshot.isJitCompiler(odd), "a thread named to look like one is not one");
        assertArrayEquals(new long[] {812, 13}, ProcSnapshot.cpuTicks(c2));
        assertArrayEquals(new long[] {1, 2}, ProcSnapshot.cpuTicks(odd));

        ProcSnapshot self = ProcSnapshot.of(ProcessHandle.current().pid());
        assertTrue(self.jitUserNanos() <= self.userNanos() && self.jitSystemNanos() <= self.systemNanos(),
                "the JIT's share is part of the process's: " + self);
    }

    @Test
    void gcTimeAndHeapComeFromTheJvmsOwnCounters() throws Exception {
        long pid = ProcessHandle.current().pid();
        JvmCounters before = JvmCounters.of(pid);
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            garbage.add(new byte[1 << 20]);
        }
        System.gc(); // a full collection is counted as one more invocation and some pause time
        JvmCounters after = JvmCounters.of(pid);
        assertTrue(after.gcCount() > before.gcCount(), "collections " + before.gcCount() + " -> "
                + after.gcCount());
        assertTrue(after.gcNanos() > before.gcNanos());
        assertTrue(after.heapUsedBytes() >= 64L << 20, "heap used " + after.heapUsedBytes() + " with 64 MiB live");
        assertTrue(garbage.size() == 64);
    }
}
