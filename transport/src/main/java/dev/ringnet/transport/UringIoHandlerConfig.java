package dev.ringnet.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Objects;

/**
 * How each event loop's ring is set up and which kernel features the transport may use. Immutable.
 *
 * <p>{@link FeatureSet#FULL} uses whatever the kernel offers; {@link FeatureSet#MINIMAL} forces the fallbacks
 * (single-shot accept and recv, no buffer ring, no SINGLE_ISSUER/DEFER_TASKRUN, no registered ring fd, FileRegions
 * copied instead of spliced, no SEND_ZC) so every fallback path can be tested on a modern kernel. The system property
 * {@value #FEATURES_PROPERTY} ({@code full} or {@code minimal}) sets the default.
 *
 * @param sqEntries           SQ size of each ring
 * @param cqEntries           CQ size of each ring (large: accept storms and multishot receives produce CQEs in bursts)
 * @param features            which kernel features may be used
 * @param readBufferCount     buffers in each loop's shared read-buffer ring (a power of two), used for multishot
 *                            receives under {@link FeatureSet#FULL}; set with {@link #withReadBuffers}
 * @param readBufferSize      bytes per read buffer; one receive completion carries at most this much
 * @param readBufferAllocator where the shared read buffers come from (direct buffers with a native address); a
 *                            filled buffer goes to the pipeline and is released by its reader, so a pooled allocator
 *                            recycles it; set with {@link #withReadBufferAllocator}
 * @param sendZcThreshold     a send of at least this many bytes goes out with SEND_ZC (SENDMSG_ZC when gathered):
 *                            the kernel sends from the buffers themselves, and the write completes, its buffers
 *                            released, only when the kernel's notification says it let go of them; -1 (the default)
 *                            never uses SEND_ZC. Pays off only between hosts, for sends of several KiB: on loopback
 *                            the kernel copies anyway and SEND_ZC is slower. Ignored under {@link FeatureSet#MINIMAL}
 * @param sqPollIdleMillis    {@link #SQ_POLL_OFF} (the default), or the ring is made with {@code IORING_SETUP_SQPOLL}:
 *                            a kernel thread per event loop takes SQEs as they are published, so submitting costs no
 *                            system call, and sleeps after this many milliseconds without work (the next submit then
 *                            wakes it with one {@code io_uring_enter}). It spins on a CPU while awake: opt in only
 *                            where a CPU can be spared. Replaces DEFER_TASKRUN, which the kernel refuses with SQPOLL
 */
public record UringIoHandlerConfig(int sqEntries, int cqEntries, FeatureSet features, int readBufferCount,
        int readBufferSize, ByteBufAllocator readBufferAllocator, int sendZcThreshold, int sqPollIdleMillis) {
    /** System property selecting the default {@link FeatureSet}. */
    public static final String FEATURES_PROPERTY = "ringnet.transport.features";
    /** System property setting the default {@link #sendZcThreshold} (bytes, or -1 for off). */
    public static final String SEND_ZC_THRESHOLD_PROPERTY = "ringnet.transport.sendZcThreshold";
    /** {@link #sendZcThreshold} value that turns SEND_ZC off. */
    public static final int SEND_ZC_OFF = -1;
    /** System property setting the default {@link #sqPollIdleMillis} (milliseconds, or -1 for off). */
    public static final String SQ_POLL_IDLE_PROPERTY = "ringnet.transport.sqPollIdleMillis";
    /** {@link #sqPollIdleMillis} value for no SQPOLL thread. */
    public static final int SQ_POLL_OFF = -1;

    /** Which of the kernel's optional features the transport uses. */
    public enum FeatureSet {
        /** Everything the kernel supports. */
        FULL,
        /** Only what Linux 5.11 has, and no optional path: the fallbacks. */
        MINIMAL
    }

    /** Checks every field; throws {@link IllegalArgumentException} naming the one that is out of range. */
    public UringIoHandlerConfig {
        if (sqEntries <= 0 || cqEntries < sqEntries) {
            throw new IllegalArgumentException("need 0 < sqEntries <= cqEntries, got " + sqEntries + ", " + cqEntries);
        }
        if (readBufferCount <= 0 || readBufferCount > 32768 || Integer.bitCount(readBufferCount) != 1) {
            throw new IllegalArgumentException("readBufferCount must be a power of two <= 32768: " + readBufferCount);
        }
        if (readBufferSize < 64) {
            throw new IllegalArgumentException("readBufferSize must be at least 64 bytes: " + readBufferSize);
        }
        Objects.requireNonNull(readBufferAllocator, "readBufferAllocator");
        if (sendZcThreshold < SEND_ZC_OFF) {
            throw new IllegalArgumentException("sendZcThreshold must be -1 (off) or a byte count: " + sendZcThreshold);
        }
        if (sqPollIdleMillis < SQ_POLL_OFF) {
            throw new IllegalArgumentException(
                    "sqPollIdleMillis must be -1 (off) or milliseconds: " + sqPollIdleMillis);
        }
    }

    /**
     * SQ 256, CQ 4096, 256 read buffers of 16 KiB (4 MiB per loop, shared by all its connections) from
     * {@link PooledByteBufAllocator#DEFAULT}, features from {@value #FEATURES_PROPERTY} (default full), SEND_ZC
     * threshold from {@value #SEND_ZC_THRESHOLD_PROPERTY} (default -1: off), SQPOLL idle time from
     * {@value #SQ_POLL_IDLE_PROPERTY} (default -1: no SQPOLL).
     *
     * @throws IllegalArgumentException naming the property if one of them has a bad value
     */
    public static UringIoHandlerConfig defaults() {
        String value = System.getProperty(FEATURES_PROPERTY, "full").trim();
        FeatureSet features = switch (value) {
            case "full" -> FeatureSet.FULL;
            case "minimal" -> FeatureSet.MINIMAL;
            default -> throw new IllegalArgumentException(
                    "-D" + FEATURES_PROPERTY + " must be full or minimal, not '" + value + "'");
        };
        int sendZcThreshold = intProperty(SEND_ZC_THRESHOLD_PROPERTY, SEND_ZC_OFF, "a byte count or -1 (off)");
        int sqPollIdleMillis = intProperty(SQ_POLL_IDLE_PROPERTY, SQ_POLL_OFF, "milliseconds or -1 (off)");
        return new UringIoHandlerConfig(256, 4096, features, 256, 16 * 1024, PooledByteBufAllocator.DEFAULT,
                sendZcThreshold, sqPollIdleMillis);
    }

    private static int intProperty(String name, int absent, String what) {
        String value = System.getProperty(name, String.valueOf(absent)).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be " + what + ", not '" + value + "'", e);
        }
    }

    /** A copy using {@code features}. */
    public UringIoHandlerConfig withFeatures(FeatureSet set) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, set, readBufferCount, readBufferSize,
                readBufferAllocator, sendZcThreshold, sqPollIdleMillis);
    }

    /**
     * A copy with {@code count} shared read buffers (a power of two, at most 32768) of {@code size} bytes per loop.
     * The ring is what one loop's connections can receive between two of its passes: too small and receives stop with
     * {@code ENOBUFS} until the loop refills it (counted, never lost); its memory is {@code count * size} per loop.
     */
    public UringIoHandlerConfig withReadBuffers(int count, int size) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, count, size, readBufferAllocator,
                sendZcThreshold, sqPollIdleMillis);
    }

    /** A copy whose read-buffer rings take their buffers from {@code allocator} (it must give direct buffers). */
    public UringIoHandlerConfig withReadBufferAllocator(ByteBufAllocator allocator) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, readBufferCount, readBufferSize, allocator,
                sendZcThreshold, sqPollIdleMillis);
    }

    /**
     * A copy that sends at least {@code threshold} bytes at a time with SEND_ZC or SENDMSG_ZC ({@link #SEND_ZC_OFF}:
     * never).
     * Measure before turning it on: it loses on loopback and for small sends.
     */
    public UringIoHandlerConfig withSendZcThreshold(int threshold) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, readBufferCount, readBufferSize,
                readBufferAllocator, threshold, sqPollIdleMillis);
    }

    /**
     * A copy whose rings are polled by a kernel thread that sleeps after {@code idleMillis} without work
     * ({@link #SQ_POLL_OFF}: no thread). See {@link #sqPollIdleMillis}. Ignored under {@link FeatureSet#MINIMAL}.
     */
    public UringIoHandlerConfig withSqPoll(int idleMillis) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, readBufferCount, readBufferSize,
                readBufferAllocator, sendZcThreshold, idleMillis);
    }

    /** Whether the rings are made with {@code IORING_SETUP_SQPOLL}. */
    public boolean sqPoll() {
        return sqPollIdleMillis != SQ_POLL_OFF && features == FeatureSet.FULL;
    }
}
