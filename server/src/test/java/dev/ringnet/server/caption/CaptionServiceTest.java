package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CaptionServiceTest {

    private static final byte[] FAKE_PNG = {1, 2, 3};

    /** Requests whose top text is "block" wait here until released; every render records its top text. */
    private final CountDownLatch blockedStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Set<String> rendered = ConcurrentHashMap.newKeySet();
    private final Set<String> renderThreads = ConcurrentHashMap.newKeySet();
    private CaptionService service;

    @AfterEach
    void closeService() {
        release.countDown();
        if (service != null) {
            service.close();
        }
    }

    private CaptionService fakeService(int threads, int queue, Duration timeout) {
        TemplateCache templates = new TemplateCache(1, List.of("t"),
                name -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        service = new CaptionService(new CaptionConfig(threads, queue, 1, 1, timeout), templates, request -> {
            renderThreads.add(Thread.currentThread().getName());
            if (request.top().equals("block")) {
                blockedStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted while blocked", e);
                }
            }
            rendered.add(request.top());
            return FAKE_PNG;
        });
        return service;
    }

    private static CaptionRequest request(String top) {
        return new CaptionRequest("t", top, "");
    }

    /** Pool of one thread whose worker is busy with "block", as the full-queue and deadline tests need. */
    private CaptionService oneBlockedWorker(int queue, Duration timeout) throws InterruptedException {
        CaptionService s = fakeService(1, queue, timeout);
        s.submit(request("block"), System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        assertTrue(blockedStarted.await(10, TimeUnit.SECONDS), "worker started the blocking render");
        return s;
    }

    @Test
    void realServiceRendersABundledTemplate() throws Exception {
        service = new CaptionService(new CaptionConfig(1, 4, 2, 4, Duration.ofSeconds(20)));
        byte[] png = service.submit(new CaptionRequest("dots", "top", "bottom")).get(20, TimeUnit.SECONDS);
        BufferedImage image = TemplateCache.decode(png, "rendered");
        assertEquals(TemplateArt.WIDTH, image.getWidth());
        assertEquals(TemplateArt.HEIGHT, image.getHeight());
    }

    @Test
    void rendersOnAWorkerNeverOnTheCaller() throws Exception {
        fakeService(2, 4, Duration.ofSeconds(10));
        service.submit(request("x")).get(10, TimeUnit.SECONDS);
        assertEquals(1, renderThreads.size());
        String thread = renderThreads.iterator().next();
        assertTrue(thread.startsWith("caption-render-"), thread);
    }

    @Test
    void unknownTemplateFailsAtOnceNamingTheField() {
        fakeService(1, 1, Duration.ofSeconds(10));
        CompletableFuture<byte[]> result = service.submit(new CaptionRequest("nope", "", ""));
        CaptionInputException e = assertFailedNow(result, CaptionInputException.class);
        assertEquals("template", e.field());
        assertEquals("unknown template", e.getMessage());
    }

    @Test
    void fullQueueFailsAtOnceWithBusy() throws Exception {
        oneBlockedWorker(1, Duration.ofSeconds(30));
        CompletableFuture<byte[]> queued = service.submit(request("queued"));
        CompletableFuture<byte[]> overflow = service.submit(request("overflow"));

        CaptionBusyException e = assertFailedNow(overflow, CaptionBusyException.class);
        assertEquals("render queue full (1 waiting)", e.getMessage());
        assertFalse(queued.isDone(), "the queued render waits, it is not refused");

        release.countDown();
        assertEquals(FAKE_PNG, queued.get(10, TimeUnit.SECONDS));
        assertFalse(rendered.contains("overflow"));
    }

    @Test
    void deadlineAlreadyPassedFailsAtOnceWithoutRendering() {
        fakeService(1, 1, Duration.ofSeconds(10));
        CompletableFuture<byte[]> result = service.submit(request("late"), System.nanoTime() - 1);
        assertFailedNow(result, CaptionDeadlineException.class);
        assertTrue(rendered.isEmpty());
    }

    @Test
    void queuedRenderPastItsDeadlineFailsThenAndIsNeverRendered() throws Exception {
        oneBlockedWorker(1, Duration.ofSeconds(30));
        long start = System.nanoTime();
        CompletableFuture<byte[]> late = service.submit(request("late"), start + TimeUnit.MILLISECONDS.toNanos(200));

        // It fails while the only worker is still blocked: the timer answers, not the worker.
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertInstanceOf(CaptionDeadlineException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("render deadline passed while queued"),
                e.getCause().getMessage());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "not before the deadline");
        assertFalse(rendered.contains("block"), "the worker is still blocked");

        // Its queue slot was freed: with a queue of one, this would be refused if "late" still sat there.
        CompletableFuture<byte[]> next = service.submit(request("next"));
        assertFalse(next.isDone());
        release.countDown();
        assertEquals(FAKE_PNG, next.get(10, TimeUnit.SECONDS));
        assertEquals(Set.of("block", "next"), rendered);
    }

    @Test
    void renderStillDrawingAtItsDeadlineFails() throws Exception {
        fakeService(1, 1, Duration.ofSeconds(30));
        CompletableFuture<byte[]> slow = service.submit(request("block"),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
        assertTrue(blockedStarted.await(10, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(10, TimeUnit.SECONDS));
        assertInstanceOf(CaptionDeadlineException.class, e.getCause());
        assertEquals("render deadline passed while drawing", e.getCause().getMessage());
    }

    @Test
    void defaultDeadlineIsTheRenderTimeout() throws Exception {
        oneBlockedWorker(1, Duration.ofMillis(300));
        long start = System.nanoTime();
        CompletableFuture<byte[]> waiting = service.submit(request("waiting"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(CaptionDeadlineException.class, e.getCause());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "not before 300 ms");
    }

    @Test
    void cancellingAQueuedRenderFreesItsSlot() throws Exception {
        oneBlockedWorker(1, Duration.ofSeconds(30));
        CompletableFuture<byte[]> abandoned = service.submit(request("abandoned"));
        assertTrue(abandoned.cancel(false));
        CompletableFuture<byte[]> next = service.submit(request("next"));
        assertFalse(next.isDone(), "accepted into the slot the cancelled render left");
        release.countDown();
        next.get(10, TimeUnit.SECONDS);
        assertEquals(Set.of("block", "next"), rendered);
    }

    @Test
    void rendererFailurePassesThrough() {
        TemplateCache templates = new TemplateCache(1, List.of("t"),
                name -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        service = new CaptionService(new CaptionConfig(1, 1, 1, 1, Duration.ofSeconds(10)), templates, request -> {
            throw new IllegalStateException("broken template file");
        });
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> service.submit(request("x")).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void closeFinishesQueuedRendersAndRefusesNewOnes() throws Exception {
        oneBlockedWorker(2, Duration.ofSeconds(30));
        CompletableFuture<byte[]> queued = service.submit(request("queued"));
        Thread closer = Thread.ofPlatform().start(service::close);
        // close() is now waiting for the workers; new work is refused at once.
        while (!refusesNewWork()) {
            Thread.onSpinWait();
        }
        CaptionBusyException e = assertFailedNow(service.submit(request("after")), CaptionBusyException.class);
        assertEquals("caption service is shutting down", e.getMessage());
        release.countDown();
        assertEquals(FAKE_PNG, queued.get(10, TimeUnit.SECONDS));
        closer.join(10_000);
        assertFalse(closer.isAlive(), "close() returned once the queue drained");
    }

    private boolean refusesNewWork() {
        CompletableFuture<byte[]> probe = service.submit(request("probe"));
        if (probe.isCompletedExceptionally()) {
            return true;
        }
        probe.cancel(false);
        return false;
    }

    @Test
    void closeGivesUpOnRendersStuckPastTheTimeout() throws Exception {
        oneBlockedWorker(1, Duration.ofMillis(200));
        CompletableFuture<byte[]> queued = service.submit(request("queued"), System.nanoTime() + 60_000_000_000L);
        long start = System.nanoTime();
        service.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "close() bounded by the timeout");
        CaptionBusyException e = assertFailedNow(queued, CaptionBusyException.class);
        assertEquals("caption service shut down before this render started", e.getMessage());
        assertFalse(rendered.contains("queued"));
    }

    @Test
    void badConfigNamesTheKnob() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CaptionConfig(0, 1, 1, 1, Duration.ofSeconds(1)));
        assertEquals("workerThreads must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CaptionConfig(1, -3, 1, 1, Duration.ofSeconds(1)));
        assertEquals("queueCapacity must be at least 1, got -3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CaptionConfig(1, 1, 1, 1, Duration.ZERO));
        assertEquals("renderTimeout must be positive, got PT0S", e.getMessage());
        CaptionConfig defaults = CaptionConfig.defaults();
        assertEquals(Runtime.getRuntime().availableProcessors(), defaults.workerThreads());
        assertEquals(64, defaults.queueCapacity());
        assertTrue(defaults.templateCacheSize() >= TemplateCache.BUNDLED.size());
    }

    private static <E extends Throwable> E assertFailedNow(CompletableFuture<?> future, Class<E> type) {
        assertTrue(future.isCompletedExceptionally(), "failed when submit returned, without waiting");
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        return assertInstanceOf(type, e.getCause());
    }
}
