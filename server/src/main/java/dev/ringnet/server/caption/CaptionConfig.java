package dev.ringnet.server.caption;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the {@code /caption} renderer. Every value is checked here, so a bad configuration fails at
 * startup with a message naming the knob, never at the first request.
 *
 * @param workerThreads     threads that render; at most this many renders run at once
 *                          (default: the number of processors)
 * @param queueCapacity     renders that may wait for a free thread; a request beyond that is answered 503 at once
 *                          (default {@value #DEFAULT_QUEUE_CAPACITY})
 * @param templateCacheSize decoded template images kept in memory, least recently used evicted first
 *                          (default {@value #DEFAULT_TEMPLATE_CACHE_SIZE}: every bundled template)
 * @param fontCacheSize     font sizes kept (a derived {@link java.awt.Font} per pixel size), least recently used
 *                          evicted first (default {@value #DEFAULT_FONT_CACHE_SIZE})
 * @param renderTimeout     longest time from submit to image, queueing included; past it the answer is 504
 *                          (default {@link #DEFAULT_RENDER_TIMEOUT}, 2 s)
 */
public record CaptionConfig(int workerThreads, int queueCapacity, int templateCacheSize, int fontCacheSize,
                            Duration renderTimeout) {

    /** Default {@link #queueCapacity()}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 64;
    /** Default {@link #templateCacheSize()}: room for every bundled template. */
    public static final int DEFAULT_TEMPLATE_CACHE_SIZE = 8;
    /** Default {@link #fontCacheSize()}. */
    public static final int DEFAULT_FONT_CACHE_SIZE = 32;
    /** Default {@link #renderTimeout()}. */
    public static final Duration DEFAULT_RENDER_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Checks every knob.
     *
     * @throws IllegalArgumentException naming the knob and the bad value
     */
    public CaptionConfig {
        requireAtLeastOne("workerThreads", workerThreads);
        requireAtLeastOne("queueCapacity", queueCapacity);
        requireAtLeastOne("templateCacheSize", templateCacheSize);
        requireAtLeastOne("fontCacheSize", fontCacheSize);
        Objects.requireNonNull(renderTimeout, "renderTimeout");
        if (renderTimeout.isNegative() || renderTimeout.isZero()) {
            throw new IllegalArgumentException("renderTimeout must be positive, got " + renderTimeout);
        }
    }

    /** Every knob at its default; {@link #workerThreads()} is the number of processors this JVM sees. */
    public static CaptionConfig defaults() {
        return new CaptionConfig(Runtime.getRuntime().availableProcessors(), DEFAULT_QUEUE_CAPACITY,
                DEFAULT_TEMPLATE_CACHE_SIZE, DEFAULT_FONT_CACHE_SIZE, DEFAULT_RENDER_TIMEOUT);
    }

    private static void requireAtLeastOne(String knob, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(knob + " must be at least 1, got " + value);
        }
    }
}
