package dev.ringnet.bench.report;

import java.util.List;

/**
 * A figure the bench reports for each run: its key in results.json, a label, its unit, and which way is better
 * (for the baseline comparison and the charts).
 *
 * @param key          the key in each run's map
 * @param label        what a reader sees
 * @param unit         the unit of the value
 * @param higherBetter whether a larger value is an improvement
 */
public record Figure(String key, String label, String unit, boolean higherBetter) {
    /** Throughput in units of work per second. */
    public static final Figure THROUGHPUT = new Figure("throughput", "throughput", "/s", true);
    /** Payload received per second. */
    public static final Figure MIB_PER_SEC = new Figure("mib_per_sec", "payload", "MiB/s", true);
    /** Median latency. */
    public static final Figure P50 = new Figure("p50_us", "p50 latency", "us", false);
    /** 90th percentile latency. */
    public static final Figure P90 = new Figure("p90_us", "p90 latency", "us", false);
    /** 99th percentile latency. */
    public static final Figure P99 = new Figure("p99_us", "p99 latency", "us", false);
    /** 99.9th percentile latency. */
    public static final Figure P999 = new Figure("p999_us", "p99.9 latency", "us", false);
    /** Server CPU time (user + system, JIT compiler threads left out) per unit of work. */
    public static final Figure CPU = new Figure("cpu_us_per_req", "server CPU per unit", "us", false);
    /** Server system CPU time per unit of work. */
    public static final Figure SYS = new Figure("sys_us_per_req", "server system CPU per unit", "us", false);
    /** Server system calls per unit of work. */
    public static final Figure SYSCALLS = new Figure("syscalls_per_req", "server syscalls per unit", "", false);
    /** Share of one CPU the server used. */
    public static final Figure CPU_UTIL = new Figure("cpu_util", "server CPU busy", "CPUs", false);
    /** Share of one CPU the server's JIT compiler threads used (left out of the other CPU figures). */
    public static final Figure JIT_UTIL = new Figure("jit_cpu_util", "JIT compiler CPU (not counted above)", "CPUs",
            false);
    /** Extra warm-up of the cell's first run until the server's JIT compiler was quiet (full mode only). */
    public static final Figure JIT_SETTLE = new Figure("jit_settle_s", "warm-up until the JIT was quiet (1st run)",
            "s", false);
    /** Voluntary context switches per second. */
    public static final Figure CTX_VOL = new Figure("ctx_vol_per_sec", "voluntary ctx switches", "/s", false);
    /** Involuntary context switches per second. */
    public static final Figure CTX_INVOL = new Figure("ctx_invol_per_sec", "involuntary ctx switches", "/s", false);
    /** Resident memory at the end of the window. */
    public static final Figure RSS = new Figure("rss_mib", "server RSS", "MiB", false);
    /** GC pause time inside the window. */
    public static final Figure GC = new Figure("gc_ms", "GC pauses", "ms", false);
    /** Failed units. */
    public static final Figure ERRORS = new Figure("errors", "errors", "", false);
    /** Resident memory per idle connection. */
    public static final Figure RSS_PER_CONN = new Figure("rss_kib_per_conn", "RSS per connection", "KiB", false);
    /** Live Java heap per idle connection. */
    public static final Figure HEAP_PER_CONN = new Figure("heap_kib_per_conn", "Java heap per connection", "KiB",
            false);
    /** Native memory (NMT committed, heap excluded) per idle connection. */
    public static final Figure NATIVE_PER_CONN = new Figure("native_kib_per_conn", "native memory per connection",
            "KiB", false);

    /** The figures of traffic scenarios, in report order. */
    public static final List<Figure> TRAFFIC = List.of(THROUGHPUT, MIB_PER_SEC, P50, P90, P99, P999, CPU, SYS,
            SYSCALLS, CPU_UTIL, JIT_UTIL, JIT_SETTLE, CTX_VOL, CTX_INVOL, RSS, GC, ERRORS);

    /** The figures of the idle-connection memory scenario, in report order. */
    public static final List<Figure> MEMORY = List.of(RSS_PER_CONN, HEAP_PER_CONN, NATIVE_PER_CONN, RSS);

    /** The figure with {@code key}, or a plain one (unit-less, lower better) for keys not listed here. */
    public static Figure of(String key) {
        for (Figure f : TRAFFIC) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        for (Figure f : MEMORY) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        return new Figure(key, key, "", false);
    }
}
