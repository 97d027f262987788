package dev.ringnet.bench.measure;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured window on a server process, seen from outside: CPU time, context switches, RSS and GC time from
 * {@code /proc} and the JVM's counters, and system calls from perf when {@link SyscallCounting#isAvailable() perf
 * can count them here} (otherwise the figures have no {@code syscalls*} keys).
 *
 * <p>Use: {@link #attach} before the load starts (perf takes a while to attach), {@link #begin()} when the load's
 * measured part starts, {@link #end()} when it ends, then {@link #figures(long)} with the work done in between
 * (which may be called on another thread, after {@code end}). {@link #close()} ends perf whatever happened. Not
 * thread-safe: one thread at a time.
 */
public final class Window implements AutoCloseable {
    private final long pid;
    /** Null when system calls cannot be counted here. */
    private final SyscallCounter syscalls;
    private ProcSnapshot procBefore;
    private JvmCounters jvmBefore;
    private long startNanos;
    private ProcSnapshot procAfter;
    private JvmCounters jvmAfter;
    private SyscallCounter.SyscallCounts counts;
    private long elapsedNanos;

    private Window(long pid, SyscallCounter syscalls) {
        this.pid = pid;
        this.syscalls = syscalls;
    }

    /** Attaches perf to {@code pid} with its counters off, when it can count system calls here. */
    public static Window attach(long pid) throws IOException {
        return new Window(pid, SyscallCounting.isAvailable() ? SyscallCounter.attach(pid, SyscallCounter.NAMED)
                : null);
    }

    /** Starts the window: snapshots, then perf's counters on. */
    public void begin() throws IOException {
        jvmBefore = JvmCounters.of(pid);
        procBefore = ProcSnapshot.of(pid);
        startNanos = System.nanoTime();
        if (syscalls != null) {
            syscalls.start();
        }
    }

    /** Ends the window: perf's counters off, then snapshots. perf's totals are collected by {@link #figures}. */
    public void end() throws IOException {
        if (syscalls != null) {
            syscalls.stop();
        }
        elapsedNanos = System.nanoTime() - startNanos;
        procAfter = ProcSnapshot.of(pid);
        jvmAfter = JvmCounters.of(pid);
    }

    /**
     * The figures of the window, per unit where {@code units} (requests, connections, chunks) is the work the load
     * did inside it. Keys: {@code cpu_us_per_req}, {@code user_us_per_req}, {@code sys_us_per_req},
     * {@code cpu_util} (share of one CPU the server used), {@code jit_cpu_util} (share of one CPU its JIT compiler
     * threads used), {@code syscalls_per_req}, {@code syscalls.NAME_per_req}, {@code ctx_vol_per_sec},
     * {@code ctx_invol_per_sec}, {@code rss_mib}, {@code gc_ms}. The CPU figures leave out the JIT compiler threads:
     * compiling is a one-time cost of a new JVM that a window during warm-up would charge to its requests (see
     * {@link ProcSnapshot}); {@code jit_cpu_util} shows how much was left out.
     */
    public Map<String, Double> figures(long units) throws IOException {
        if (procAfter == null) {
            throw new IllegalStateException("the window has not ended");
        }
        if (counts == null && syscalls != null) {
            counts = syscalls.counts(); // waits for perf to exit: may take half a second
        }
        double perUnit = units > 0 ? 1.0 / units : Double.NaN;
        double seconds = elapsedNanos / 1e9;
        long jitUser = procAfter.jitUserNanos() - procBefore.jitUserNanos();
        long jitSystem = procAfter.jitSystemNanos() - procBefore.jitSystemNanos();
        long user = procAfter.userNanos() - procBefore.userNanos() - jitUser;
        long system = procAfter.systemNanos() - procBefore.systemNanos() - jitSystem;
        long cpu = user + system;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("cpu_us_per_req", cpu / 1e3 * perUnit);
        figures.put("user_us_per_req", user / 1e3 * perUnit);
        figures.put("sys_us_per_req", system / 1e3 * perUnit);
        figures.put("cpu_util", cpu / (double) elapsedNanos);
        figures.put("jit_cpu_util", (jitUser + jitSystem) / (double) elapsedNanos);
        if (counts != null) {
            figures.put("syscalls_per_req", counts.total() * perUnit);
            for (Map.Entry<String, Long> e : counts.byName().entrySet()) {
                figures.put("syscalls." + e.getKey() + "_per_req", e.getValue() * perUnit);
            }
        }
        figures.put("ctx_vol_per_sec", (procAfter.voluntarySwitches() - procBefore.voluntarySwitches()) / seconds);
        figures.put("ctx_invol_per_sec",
                (procAfter.involuntarySwitches() - procBefore.involuntarySwitches()) / seconds);
        figures.put("rss_mib", procAfter.rssBytes() / 1048576.0);
        figures.put("gc_ms", (jvmAfter.gcNanos() - jvmBefore.gcNanos()) / 1e6);
        return figures;
    }

    /** Length of the window as this process timed it. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    @Override
    public void close() {
        if (syscalls != null) {
            syscalls.close();
        }
    }
}
