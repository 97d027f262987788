package dev.ringnet.bench.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the kernel says about a process at one instant, read from {@code /proc}: CPU time split into user and
 * system, the part of it spent by the JVM's JIT compiler threads, resident memory, and context switches summed over
 * its threads.
 *
 * <p>CPU times come from {@code /proc/PID/stat} (fields 14 and 15, in clock ticks of {@link #TICK_NANOS}; they
 * include threads that have exited). Context switches come from each {@code /proc/PID/task/TID/status}: the kernel
 * keeps them per thread only, so threads that exited before the snapshot are missing from both ends of a delta,
 * which is what a delta over a window needs.
 *
 * <p>The JIT compiler threads' CPU time comes from their own {@code /proc/PID/task/TID/stat}, found by their names
 * ({@value #C1_THREAD}..., {@value #C2_THREAD}...). It is told apart because a window taken while C2 is still
 * compiling the server's hot code (seconds, on a busy two-core machine) would charge that one-time cost to the
 * requests of the window. A compiler thread that exits inside a window would make its delta wrong, so the bench
 * runs its servers with {@code -XX:-UseDynamicNumberOfCompilerThreads}.
 *
 * @param userNanos                user CPU time
 * @param systemNanos              system CPU time
 * @param jitUserNanos             user CPU time of the JIT compiler threads (included in {@code userNanos})
 * @param jitSystemNanos           system CPU time of the JIT compiler threads (included in {@code systemNanos})
 * @param rssBytes                 resident set size ({@code VmRSS})
 * @param voluntarySwitches        voluntary context switches (the thread blocked)
 * @param involuntarySwitches      involuntary context switches (the thread was preempted)
 * @param threads                  threads alive
 */
public record ProcSnapshot(long userNanos, long systemNanos, long jitUserNanos, long jitSystemNanos, long rssBytes,
                           long voluntarySwitches, long involuntarySwitches, int threads) {
    /** How HotSpot's compiler threads appear in {@code comm} (their names cut to 15 characters). */
    static final String C1_THREAD = "C1 CompilerThre";
    static final String C2_THREAD = "C2 CompilerThre";

    /**
     * {@code USER_HZ} is 100 on every Linux architecture this project supports (the ABI fixes it for /proc,
     * whatever {@code CONFIG_HZ} is), so a tick is 10 ms.
     */
    public static final long TICK_NANOS = 10_000_000L;

    /**
     * Reads the snapshot of process {@code pid}.
     *
     * @throws UncheckedIOException when the process is gone or /proc cannot be read
     */
    public static ProcSnapshot of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long[] cpu = cpuTicks(Files.readString(proc.resolve("stat")));
            long rss = statusValue(Files.readString(proc.resolve("status")), "VmRSS:") * 1024;
            long voluntary = 0;
            long involuntary = 0;
            long jitUser = 0;
            long jitSystem = 0;
            int threads = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    String status;
                    String stat;
                    try {
                        status = Files.readString(task.resolve("status"));
                        stat = Files.readString(task.resolve("stat"));
                    } catch (NoSuchFileException e) {
                        continue; // the thread ended between the listing and the read: it counts on neither side
                    }
                    voluntary += statusValue(status, "voluntary_ctxt_switches:");
                    involuntary += statusValue(status, "nonvoluntary_ctxt_switches:");
                    if (isJitCompiler(stat)) {
                        long[] jit = cpuTicks(stat);
                        jitUser += jit[0];
                        jitSystem += jit[1];
                    }
                    threads++;
                }
            }
            return new ProcSnapshot(cpu[0] * TICK_NANOS, cpu[1] * TICK_NANOS, jitUser * TICK_NANOS,
                    jitSystem * TICK_NANOS, rss, voluntary, involuntary, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + " (has the process exited?)", e);
        }
    }

    /** utime and stime, in ticks, of a {@code stat} line (of a process or of one of its threads). */
    static long[] cpuTicks(String stat) {
        // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /** Whether a thread's {@code stat} line names one of HotSpot's JIT compiler threads. */
    static boolean isJitCompiler(String stat) {
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return comm.startsWith(C1_THREAD) || comm.startsWith(C2_THREAD);
    }

    /** The number after {@code key} on its line of a {@code /proc/.../status} file (kB for memory lines). */
    static long statusValue(String status, String key) {
        int at = status.indexOf("\n" + key);
        if (at < 0) {
            if (!status.startsWith(key)) {
                return 0;
            }
            at = -1;
        }
        int start = at + 1 + key.length();
        int end = status.indexOf('\n', start);
        String value = status.substring(start, end < 0 ? status.length() : end).trim();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
    }

    /** CPU time, user plus system. */
    public long cpuNanos() {
        return userNanos + systemNanos;
    }

    /** CPU time of the JIT compiler threads, user plus system. */
    public long jitNanos() {
        return jitUserNanos + jitSystemNanos;
    }
}
