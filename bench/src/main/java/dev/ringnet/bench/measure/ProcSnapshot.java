package dev.ringnet.bench.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the kernel says about a process at one instant, read from {@code /proc}: CPU time split into user and
 * system, resident memory, and context switches summed over its threads.
 *
 * <p>CPU times come from {@code /proc/PID/stat} (fields 14 and 15, in clock ticks of {@link #TICK_NANOS}; they
 * include threads that have exited). Context switches come from each {@code /proc/PID/task/TID/status}: the kernel
 * keeps them per thread only, so threads that exited before the snapshot are missing from both ends of a delta,
 * which is what a delta over a window needs.
 *
 * @param userNanos                user CPU time
 * @param systemNanos              system CPU time
 * @param rssBytes                 resident set size ({@code VmRSS})
 * @param voluntarySwitches        voluntary context switches (the thread blocked)
 * @param involuntarySwitches      involuntary context switches (the thread was preempted)
 * @param threads                  threads alive
 */
public record ProcSnapshot(long userNanos, long systemNanos, long rssBytes, long voluntarySwitches,
                           long involuntarySwitches, int threads) {
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
            String stat = Files.readString(proc.resolve("stat"));
            // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long user = Long.parseLong(fields[11]) * TICK_NANOS;
            long system = Long.parseLong(fields[12]) * TICK_NANOS;
            long rss = statusValue(Files.readString(proc.resolve("status")), "VmRSS:") * 1024;
            long voluntary = 0;
            long involuntary = 0;
            int threads = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    String status;
                    try {
                        status = Files.readString(task.resolve("status"));
                    } catch (NoSuchFileException e) {
                        continue; // the thread ended between the listing and the read: it counts on neither side
                    }
                    voluntary += statusValue(status, "voluntary_ctxt_switches:");
                    involuntary += statusValue(status, "nonvoluntary_ctxt_switches:");
                    threads++;
                }
            }
            return new ProcSnapshot(user, system, rss, voluntary, involuntary, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + " (has the process exited?)", e);
        }
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
}
