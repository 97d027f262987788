package dev.ringnet.bench.scenario;

/**
 * A process with a thread that looks like a JIT compiler thread to {@code /proc} (its name is the one HotSpot gives
 * C2 compiler threads) and burns a CPU for {@code args[0]} milliseconds, then sleeps until the process is killed.
 * Prints {@code busy} once the thread has its name.
 */
public final class BusyCompilerThread {
    private BusyCompilerThread() {
    }

    /** Runs the thread described above. */
    public static void main(String[] args) throws InterruptedException {
        long busyNanos = Long.parseLong(args[0]) * 1_000_000L;
        Thread busy = new Thread(() -> {
            // The native name (what /proc shows) follows only when a thread renames itself.
            Thread.currentThread().setName("C2 CompilerThread9");
            System.out.println("busy");
            System.out.flush();
            long end = System.nanoTime() + busyNanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            try {
                Thread.sleep(Long.MAX_VALUE); // stays, so that /proc goes on counting its CPU time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.start();
        busy.join();
    }
}
