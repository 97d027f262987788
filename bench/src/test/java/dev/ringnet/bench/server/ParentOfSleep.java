package dev.ringnet.bench.server;

/**
 * A process that registers {@link ChildProcesses#stopOnExit()} (unless {@code args[0]} is {@code bare}), starts
 * {@code sleep 300}, prints its pid, and waits to be killed.
 */
public final class ParentOfSleep {
    private ParentOfSleep() {
    }

    /** Runs the process described above. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("bare")) {
            ChildProcesses.stopOnExit();
        }
        Process sleep = new ProcessBuilder("sleep", "300").start();
        System.out.println(sleep.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
