package dev.ringnet.server.caption;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A caption service for tests of what depends on timing: one worker, room for one render in the queue, the one
 * template {@code dots}, and renders that return {@link #PNG} at once, except one whose top caption is
 * {@code block}: it holds the worker until {@link #release} is counted down. Any thread.
 */
final class HeldRenders implements AutoCloseable {
    /** What every render returns: the first bytes of a PNG signature. */
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    /** Counted down once the {@code block} render holds the worker. */
    final CountDownLatch blocked = new CountDownLatch(1);
    /** Count down to let the {@code block} render finish. */
    final CountDownLatch release = new CountDownLatch(1);
    /** The top captions of the renders that ran. */
    final Set<String> renderedTops = ConcurrentHashMap.newKeySet();
    final CaptionService service;

    HeldRenders(Duration renderTimeout) {
        TemplateCache templates = new TemplateCache(1, List.of("dots"),
                name -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        service = new CaptionService(new CaptionConfig(1, 1, 1, 1, renderTimeout), templates, request -> {
            if (request.top().equals("block")) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            renderedTops.add(request.top());
            return PNG.clone();
        });
    }

    /** Waits until exactly {@code count} renders wait in the queue: requests sent have reached the service. */
    void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service.queuedRenders() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " queued renders, have " + service.queuedRenders());
            }
            Thread.sleep(5);
        }
    }

    /** Releases a held render and closes the service. */
    @Override
    public void close() {
        release.countDown();
        service.close();
    }
}
