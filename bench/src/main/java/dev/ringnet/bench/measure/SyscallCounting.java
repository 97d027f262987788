package dev.ringnet.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Whether {@link SyscallCounter} can count system calls here, and if not, why, in one line. Probed once per JVM by
 * running what the counter needs on a short child ({@code perf stat -e raw_syscalls:sys_enter -e
 * syscalls:sys_enter_NAME... -- true}): perf must be installed, {@code perf_event_open} allowed (a container's
 * seccomp profile, {@code kernel.perf_event_paranoid} without CAP_PERFMON) and the tracepoints visible (tracefs).
 * When it cannot, the bench measures everything else and its reports say the system calls were not measured, and
 * why. Thread-safe.
 */
public final class SyscallCounting {
    private static final String CAUSE = probe();

    private SyscallCounting() {
    }

    /** True when perf counts the system calls of a process here. */
    public static boolean isAvailable() {
        return CAUSE == null;
    }

    /** Why system calls cannot be counted here, or null when they can. */
    public static String unavailabilityCause() {
        return CAUSE;
    }

    private static String probe() {
        List<String> command = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-e", SyscallCounter.ALL));
        for (String name : SyscallCounter.NAMED) {
            command.add("-e");
            command.add("syscalls:sys_enter_" + name);
        }
        command.addAll(List.of("--", "true"));
        try {
            Path log = Files.createTempFile("ringnet-perf-probe", ".log");
            try {
                Process perf = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .start();
                if (!perf.waitFor(30, TimeUnit.SECONDS)) {
                    perf.destroyForcibly();
                    return "perf stat did not finish within 30 s";
                }
                return cause(perf.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("Cannot run program")
                    ? "perf is not installed (Debian package linux-perf)"
                    : "perf could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing perf";
        }
    }

    /**
     * The cause, from perf's exit status and output, or null when it counted the system calls: perf prints a
     * paragraph per error; this keeps the one thing to fix.
     */
    static String cause(int status, String output) {
        if (status == 0 && output.contains(SyscallCounter.ALL) && !output.contains("<not supported>")) {
            return null;
        }
        String lower = output.toLowerCase(Locale.ROOT);
        if (lower.contains("unknown tracepoint") || lower.contains("tracefs") || lower.contains("debugfs")) {
            return "perf finds no syscall tracepoints (raw_syscalls:sys_enter): no tracefs at /sys/kernel/tracing"
                    + " (inside a container: the host's is not mounted)";
        }
        if (lower.contains("can't access trace events") || lower.contains("no permissions to read /sys/kernel")) {
            return "perf may not read the syscall tracepoints in /sys/kernel/tracing (root only by default): run as"
                    + " root, or remount tracefs with mode=755";
        }
        if (lower.contains("no permission") || lower.contains("permission denied")
                || lower.contains("operation not permitted") || lower.contains("access to performance monitoring")) {
            return "perf_event_open was refused: kernel.perf_event_paranoid=" + paranoid() + " without CAP_PERFMON,"
                    + " or a seccomp profile (a container's default denies it)";
        }
        if (lower.contains("command not found") || lower.contains("not found for kernel")) {
            return "perf is not installed for this kernel (Debian: apt-get install linux-perf)";
        }
        String first = output.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("Error:")).findFirst().orElse("");
        return "perf stat failed (exit status " + status + ")" + (first.isEmpty() ? "" : ": " + first);
    }

    private static String paranoid() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
