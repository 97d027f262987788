package dev.ringnet.server.caption;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Renders captions on a bounded pool of worker threads, so rendering never runs on a Netty event loop, and
 * answers at once when it cannot: a full queue fails the request immediately ({@link CaptionBusyException},
 * 503), and a request whose deadline passes fails at that moment ({@link CaptionDeadlineException}, 504).
 *
 * <p>The pool: {@link CaptionConfig#workerThreads()} threads and a queue of
 * {@link CaptionConfig#queueCapacity()} waiting renders; nothing grows past that. A deadline timer (one daemon
 * thread for all requests) fails a request when its deadline passes: if it is still queued it is taken out of
 * the queue, freeing its slot, and never rendered; if it is already drawing, the drawing finishes (Java2D cannot
 * be interrupted midway; a render takes milliseconds) and its image is dropped. Cancelling a returned future does
 * the same, so a client that hangs up frees its queue slot.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread, event loops included (it never blocks and
 * never renders on the caller's thread). Futures complete on a worker or on the deadline timer thread, or on
 * the caller's thread when they fail at submit; hop to your event loop before touching a channel.
 */
public final class CaptionService implements AutoCloseable {

    private final TemplateCache templates;
    private final Function<CaptionRequest, byte[]> render;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor deadlines;
    private final long renderTimeoutNanos;
    private final int queueCapacity;

    /**
     * Loads the bundled font and starts the deadline timer; worker threads start with the first renders.
     *
     * @throws IllegalStateException if the bundled font cannot be loaded (the message says what to check)
     */
    public CaptionService(CaptionConfig config) {
        this(config, new TemplateCache(config.templateCacheSize()), new CaptionRenderer(config.fontCacheSize()));
    }

    private CaptionService(CaptionConfig config, TemplateCache templates, CaptionRenderer renderer) {
        this(config, templates,
                request -> renderer.renderPng(templates.get(request.template()), request.top(), request.bottom()));
    }

    /** With {@code render} in place of the real renderer; for tests that need to block or count renders. */
    CaptionService(CaptionConfig config, TemplateCache templates, Function<CaptionRequest, byte[]> render) {
        this.templates = templates;
        this.render = render;
        this.renderTimeoutNanos = config.renderTimeout().toNanos();
        this.queueCapacity = config.queueCapacity();
        // Fixed size, bounded queue, and AbortPolicy (the default): a full queue throws at execute(), which is
        // what lets submit() answer 503 at once instead of blocking or running the render on the caller.
        this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), daemonThreads("caption-render-"));
        this.deadlines = new ScheduledThreadPoolExecutor(1, daemonThreads("caption-deadline-"));
        // Most timers are cancelled because the render finished in time; drop them from the timer queue then,
        // instead of keeping each one until its deadline.
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /** The templates this service can render; {@link TemplateCache#contains} is cheap and never loads. */
    public TemplateCache templates() {
        return templates;
    }

    /** Renders waiting for a worker right now (a gauge for metrics); any thread. */
    public int queuedRenders() {
        return workers.getQueue().size();
    }

    /** {@link #submit(CaptionRequest, long)} with the deadline {@link CaptionConfig#renderTimeout()} from now. */
    public CompletableFuture<byte[]> submit(CaptionRequest request) {
        return submit(request, System.nanoTime() + renderTimeoutNanos);
    }

    /**
     * Queues a render, never blocking and never rendering on the calling thread.
     *
     * @param deadlineNanos when the answer is due, on the {@link System#nanoTime()} clock
     * @return the PNG's bytes; or fails, already when this method returns, with a {@link CaptionInputException}
     *         (field {@code template}) for an unknown template, a {@link CaptionDeadlineException} when the deadline
     *         has passed, or a {@link CaptionBusyException} when the queue is full or the service is closed; or
     *         fails later with a {@link CaptionDeadlineException} when the deadline passes first, or with the
     *         renderer's exception (a bug or a broken template file: answer 500). Cancelling it withdraws the
     *         render if it has not started.
     */
    public CompletableFuture<byte[]> submit(CaptionRequest request, long deadlineNanos) {
        if (!templates.contains(request.template())) {
            return CompletableFuture.failedFuture(new CaptionInputException("template", "unknown template"));
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.failedFuture(new CaptionDeadlineException("deadline passed before queueing"));
        }
        RenderTask task = new RenderTask(request, deadlineNanos);
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new CaptionBusyException(workers.isShutdown()
                    ? "caption service is shutting down"
                    : "render queue full (" + queueCapacity + " waiting)"));
        }
        try {
            task.timer = deadlines.schedule(task::expire, remaining, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // close() ran between execute() and here: the render may still run, but nobody would enforce
            // its deadline, so give up on it now.
            task.result.completeExceptionally(new CaptionBusyException("caption service is shutting down"));
        }
        task.result.whenComplete((png, error) -> task.finished(error != null));
        return task.result;
    }

    /**
     * Stops taking renders (later submits fail with {@link CaptionBusyException}), lets the queued and running
     * ones finish for up to {@link CaptionConfig#renderTimeout()} (past that their deadlines have answered them
     * anyway), then fails whatever is left as busy and stops the threads. Idempotent. Blocks for up to the
     * render timeout: call it from the thread that shuts the server down, never from an event loop or a worker.
     */
    @Override
    public void close() {
        close(renderTimeoutNanos);
    }

    /**
     * As {@link #close()}, but waits at most {@code timeoutNanos} for renders in progress and queued before
     * failing what is left as busy: for a caller with a shutdown deadline of its own.
     */
    public void close(long timeoutNanos) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
                abandonQueued();
            }
        } catch (InterruptedException e) {
            abandonQueued();
            Thread.currentThread().interrupt();
        } finally {
            deadlines.shutdownNow();
        }
    }

    private void abandonQueued() {
        for (Runnable queued : workers.shutdownNow()) {
            ((RenderTask) queued).result.completeExceptionally(
                    new CaptionBusyException("caption service shut down before this render started"));
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        // Daemon: a service someone forgot to close must not keep the JVM alive.
        return runnable -> Thread.ofPlatform().name(prefix + count.incrementAndGet()).daemon(true)
                .unstarted(runnable);
    }

    /** One request: queued on the workers, raced by its deadline timer; whoever completes {@link #result} wins. */
    private final class RenderTask implements Runnable {

        final CaptionRequest request;
        final long deadlineNanos;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        /** Set right after queueing; read when the result completes, possibly on another thread. */
        volatile ScheduledFuture<?> timer;
        /** Whether a worker began drawing it; only for the deadline message. */
        volatile boolean started;

        RenderTask(CaptionRequest request, long deadlineNanos) {
            this.request = request;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return; // expired or cancelled while queued (and raced past the removal): already answered
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                expire(); // the timer is late or about to fire; don't spend a render on an answer nobody wants
                return;
            }
            started = true;
            try {
                result.complete(render.apply(request));
            } catch (Throwable t) {
                result.completeExceptionally(t);
                if (t instanceof Error error) {
                    throw error;
                }
            }
        }

        void expire() {
            result.completeExceptionally(new CaptionDeadlineException(started
                    ? "render deadline passed while drawing"
                    : "render deadline passed while queued (" + workers.getActiveCount() + " renders running)"));
        }

        /** Runs once, when {@link #result} completes, on whichever thread completed it. */
        void finished(boolean failed) {
            ScheduledFuture<?> deadlineTimer = timer;
            if (deadlineTimer != null) {
                deadlineTimer.cancel(false);
            }
            if (failed) {
                // Expired, cancelled or failed: if still queued, free the slot for a request that can still win.
                workers.remove(this);
            }
        }
    }
}
