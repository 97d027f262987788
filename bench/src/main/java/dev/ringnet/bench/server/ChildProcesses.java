package dev.ringnet.bench.server;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops this JVM's child processes (servers under test, wrk, perf) when it exits for any reason: a bench or soak
 * killed with SIGTERM, say by a CI time limit, would otherwise leave its servers running, holding their ports and
 * their pinned CPU.
 */
public final class ChildProcesses {
    /** How long children get to shut down gracefully (SIGTERM) before they are killed. */
    private static final long GRACE_MILLIS = 5_000;
    private static boolean hooked;

    private ChildProcesses() {
    }

    /** Registers the shutdown hook (once) that sends SIGTERM to every live descendant, then SIGKILL to the rest. */
    public static synchronized void stopOnExit() {
        if (hooked) {
            return;
        }
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "stop-child-processes"));
    }

    private static void stopAll() {
        List<ProcessHandle> live = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        live.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (ProcessHandle child : live) {
            long left = deadline - System.nanoTime();
            try {
                child.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }
}
