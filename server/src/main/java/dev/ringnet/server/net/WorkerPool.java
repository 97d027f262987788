package dev.ringnet.server.net;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for blocking work that must not run on an event loop (rendering, disk-heavy work), with a bounded queue:
 * when it is full, {@link #trySubmit} says no at once, so a caller can answer 503 instead of piling up work.
 * Any thread.
 */
public final class WorkerPool {
    private final ThreadPoolExecutor executor;

    /** {@code threads} workers and room for {@code queueSize} tasks waiting. */
    public WorkerPool(int threads, int queueSize) {
        AtomicInteger next = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize),
                task -> {
                    Thread t = new Thread(task, "ringnet-worker-" + next.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code task} on a worker thread.
     *
     * @return false, without running it, if the queue is full or the pool is shut down
     */
    public boolean trySubmit(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Stops taking work, lets queued work finish for up to {@code timeoutNanos}, then interrupts what is left. */
    public void shutdown(long timeoutNanos) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
            executor.shutdownNow();
        }
    }
}
