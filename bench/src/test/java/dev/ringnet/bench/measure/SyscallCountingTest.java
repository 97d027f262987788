package dev.ringnet.bench.measure;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** perf's ways of failing, as perf 6.1 words them, each turned into the one cause the reports print. */
class SyscallCountingTest {
    @Test
    void countedCallsAreNoCause() {
        assertNull(SyscallCounting.cause(0, """
                # started on Thu Dec  3 07:23:34 2026

                139,,raw_syscalls:sys_enter,620471,100.00,,
                3,,syscalls:sys_enter_read,620471,100.00,,
                """));
    }

    @Test
    void seccompOrParanoidRefusalNamesBoth() {
        String cause = SyscallCounting.cause(255, """
                Error:
                No permission to enable raw_syscalls:sys_enter event.

                You may not have permission to collect stats.

                Consider tweaking /proc/sys/kernel/perf_event_paranoid,
                which controls use of the performance events system by
                unprivileged users (without CAP_PERFMON or CAP_SYS_ADMIN).
                """);
        assertTrue(cause.startsWith("perf_event_open was refused: kernel.perf_event_paranoid="), cause);
        assertTrue(cause.contains("seccomp"), cause);
    }

    @Test
    void missingTracefsSaysSo() {
        String cause = SyscallCounting.cause(129, """
                event syntax error: 'raw_syscalls:sys_enter'
                                     \\___ unknown tracepoint

                Error:	File /sys/kernel/tracing//events/raw_syscalls/sys_enter not found.
                Hint:	Perhaps this kernel misses some CONFIG_ setting to enable this feature?.
                """);
        assertTrue(cause.contains("no tracefs"), cause);
    }

    @Test
    void unreadableTracefsAsNonRootSaysSo() {
        String cause = SyscallCounting.cause(129, """
                event syntax error: 'raw_syscalls:sys_enter'
                                     \\___ can't access trace events

                Error:	No permissions to read /sys/kernel/tracing/events/raw_syscalls/sys_enter
                Hint:	Try 'sudo mount -o remount,mode=755 /sys/kernel/tracing/'
                """);
        assertTrue(cause.startsWith("perf may not read the syscall tracepoints"), cause);
    }

    @Test
    void anythingElseKeepsPerfsFirstWords() {
        String cause = SyscallCounting.cause(1, "Error:\nThe sys_perf_event_open() syscall returned with 22\n");
        assertTrue(cause.equals("perf stat failed (exit status 1): The sys_perf_event_open() syscall returned with"
                + " 22"), cause);
    }

    @Test
    void uncountedEventsAreNotCounting() {
        assertTrue(SyscallCounting.cause(0, "<not supported>,,raw_syscalls:sys_enter,0,100.00,,\n") != null);
    }
}
