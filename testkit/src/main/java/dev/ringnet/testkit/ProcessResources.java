package dev.ringnet.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What this JVM holds that a test could leak: open file descriptors ({@code /proc/self/fd}, without the jars and
 * libraries the class loaders keep open once they first load from them and the random devices SecureRandom keeps),
 * live threads (without the JDK's own pools, which it starts lazily and grows and shrinks on its own: the common
 * fork-join pool and the virtual-thread scheduler's carriers), and native memory that Native Memory
 * Tracking files under "Other" (direct buffers, {@code Unsafe} and FFM arena allocations), in KiB, or -1 when the JVM
 * runs without {@code -XX:NativeMemoryTracking}.
 *
 * @param fds        open file descriptors
 * @param threads    live threads outside the JDK's own pools
 * @param otherKiB   NMT "Other" committed KiB, or -1
 */
public record ProcessResources(int fds, int threads, long otherKiB) {
    private static final Pattern OTHER = Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    /** Measures now. Any thread. */
    public static ProcessResources measure() {
        return new ProcessResources(openFds(), liveThreads(), nmtOtherKiB());
    }

    /** Open fds of this process, without jars and shared libraries. */
    public static int openFds() {
        return fdKinds().values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Open fds by kind: what each links to, without the inode number ({@code socket:}, {@code anon_inode:[io_uring]},
     * {@code pipe:}, a path), without jars and shared libraries and without the listing's own fd.
     */
    public static Map<String, Integer> fdKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue; // closed meanwhile, or the listing's own fd
                }
                target = target.replace(" (deleted)", ""); // a jar rebuilt while this JVM still reads it
                if (target.endsWith(".jar") || target.contains(".so") || target.startsWith("/proc/")
                        || target.startsWith("/dev/random") || target.startsWith("/dev/urandom")) {
                    continue; // opened once and kept by class loaders and SecureRandom: not a test's leak
                }
                kinds.merge(target.replaceAll("\\[\\d+\\]$", ""), 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException("list /proc/self/fd: " + e, e);
        }
        return kinds;
    }

    private static int liveThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !jvmPool(t)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Threads of the JVM's own lazily started pools, which outlive the class that first needed them: the common pool,
     * and the virtual-thread scheduler's carriers and helpers (started by the first virtual thread of the JVM).
     */
    private static boolean jvmPool(Thread t) {
        return t.getName().startsWith("ForkJoinPool.commonPool-") || t.getName().startsWith("VirtualThread-")
                || t.getClass().getName().equals("jdk.internal.misc.CarrierThread");
    }

    /** NMT's "Other" committed KiB via the DiagnosticCommand MBean ({@code jcmd PID VM.native_memory summary}). */
    static long nmtOtherKiB() {
        String summary = nmtSummary();
        Matcher m = OTHER.matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The text of {@code VM.native_memory summary}; "Native memory tracking is not enabled" without the flag. */
    public static String nmtSummary() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("VM.native_memory summary: " + e, e);
        }
    }

    /**
     * What grew beyond {@code slack} since {@code base}, as "fds 12 -> 40 (+28)" parts joined by "; ", or "" when
     * nothing did.
     */
    public String growthBeyond(ProcessResources base, ProcessResources slack) {
        StringBuilder out = new StringBuilder();
        append(out, "fds", base.fds, fds, slack.fds, fds - base.fds > slack.fds ? " now " + fdKinds() : "");
        append(out, "threads", base.threads, threads, slack.threads, "");
        if (base.otherKiB >= 0 && otherKiB >= 0) {
            append(out, "native memory (NMT Other, KiB)", base.otherKiB, otherKiB, slack.otherKiB, "");
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String what, long before, long after, long slack, String detail) {
        if (after - before > slack) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(what).append(' ').append(before).append(" -> ").append(after)
                    .append(" (+").append(after - before).append(", allowed +").append(slack).append(')')
                    .append(detail);
        }
    }
}
