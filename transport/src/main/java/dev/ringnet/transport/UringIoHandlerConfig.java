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
 */
public record UringIoHandlerConfig(int sqEntries, int cqEntries, FeatureSet features, int readBufferCount,
        int readBufferSize, ByteBufAllocator readBufferAllocator, int sendZcThreshold) {
    /** System property selecting the default {@link FeatureSet}. */
    public static final String FEATURES_PROPERTY = "ringnet.transport.features";
    /** System property setting the default {@link #sendZcThreshold} (bytes, or -1 for off). */
    public static final String SEND_ZC_THRESHOLD_PROPERTY = "ringnet.transport.sendZcThreshold";
    /** {@link #sendZcThreshold} value that turns SEND_ZC off. */
    public static final int SEND_ZC_OFF = -1;

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
    }

    /**
     * SQ 256, CQ 4096, 256 read buffers of 16 KiB (4 MiB per loop, shared by all its connections) from
     * {@link PooledByteBufAllocator#DEFAULT}, features from {@value #FEATURES_PROPERTY} (default full), SEND_ZC
     * threshold from {@value #SEND_ZC_THRESHOLD_PROPERTY} (default -1: off).
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
        String threshold = System.getProperty(SEND_ZC_THRESHOLD_PROPERTY, String.valueOf(SEND_ZC_OFF)).trim();
        int sendZcThreshold;
        try {
            sendZcThreshold = Integer.parseInt(threshold);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEND_ZC_THRESHOLD_PROPERTY
                    + " must be a byte count or -1 (off), not '" + threshold + "'", e);
        }
        return new UringIoHandlerConfig(256, 4096, features, 256, 16 * 1024, PooledByteBufAllocator.DEFAULT,
                sendZcThreshold);
    }

    /** A copy using {@code features}. */
    public UringIoHandlerConfig withFeatures(FeatureSet set) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, set, readBufferCount, readBufferSize,
                readBufferAllocator, sendZcThreshold);
    }

    /**
     * A copy with {@code count} shared read buffers (a power of two, at most 32768) of {@code size} bytes per loop.
     * The ring is what one loop's connections can receive between two of its passes: too small and receives stop with
     * {@code ENOBUFS} until the loop refills it (counted, never lost); its memory is {@code count * size} per loop.
     */
    public UringIoHandlerConfig withReadBuffers(int count, int size) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, count, size, readBufferAllocator,
                sendZcThreshold);
    }

    /** A copy whose read-buffer rings take their buffers from {@code allocator} (it must give direct buffers). */
    public UringIoHandlerConfig withReadBufferAllocator(ByteBufAllocator allocator) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, readBufferCount, readBufferSize, allocator,
                sendZcThreshold);
    }

    /**
     * A copy that sends at least {@code threshold} bytes at a time with SEND_ZC or SENDMSG_ZC ({@link #SEND_ZC_OFF}:
     * never).
     * Measure before turning it on: it loses on loopback and for small sends.
     */
    public UringIoHandlerConfig withSendZcThreshold(int threshold) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, readBufferCount, readBufferSize,
                readBufferAllocator, threshold);
    }
}
