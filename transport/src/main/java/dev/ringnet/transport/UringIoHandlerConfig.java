package dev.ringnet.transport;

/**
 * How each event loop's ring is set up and which kernel features the transport may use. Immutable.
 *
 * <p>{@link FeatureSet#FULL} uses whatever the kernel offers; {@link FeatureSet#MINIMAL} forces the fallbacks
 * (single-shot accept and recv, no buffer ring, no SINGLE_ISSUER/DEFER_TASKRUN, no registered ring fd) so every
 * fallback path can be tested on a modern kernel. The system property {@value #FEATURES_PROPERTY} ({@code full} or
 * {@code minimal}) sets the default.
 *
 * @param sqEntries          SQ size of each ring
 * @param cqEntries          CQ size of each ring (large: accept storms and multishot receives produce CQEs in bursts)
 * @param features           which kernel features may be used
 * @param readBufferCount    buffers in each loop's shared read-buffer ring (a power of two), used for multishot
 *                           receives under {@link FeatureSet#FULL}
 * @param readBufferSize     bytes per read buffer; one receive completion carries at most this much
 */
public record UringIoHandlerConfig(int sqEntries, int cqEntries, FeatureSet features, int readBufferCount,
        int readBufferSize) {
    /** System property selecting the default {@link FeatureSet}. */
    public static final String FEATURES_PROPERTY = "ringnet.transport.features";

    /** Which of the kernel's optional features the transport uses. */
    public enum FeatureSet {
        /** Everything the kernel supports. */
        FULL,
        /** Only what Linux 5.11 has: the fallback paths. */
        MINIMAL
    }

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
    }

    /**
     * SQ 256, CQ 4096, 256 read buffers of 16 KiB (4 MiB per loop, shared by all its connections), features from
     * {@value #FEATURES_PROPERTY} (default full).
     */
    public static UringIoHandlerConfig defaults() {
        String value = System.getProperty(FEATURES_PROPERTY, "full").trim();
        FeatureSet features = switch (value) {
            case "full" -> FeatureSet.FULL;
            case "minimal" -> FeatureSet.MINIMAL;
            default -> throw new IllegalArgumentException(
                    "-D" + FEATURES_PROPERTY + " must be full or minimal, not '" + value + "'");
        };
        return new UringIoHandlerConfig(256, 4096, features, 256, 16 * 1024);
    }

    /** A copy using {@code features}. */
    public UringIoHandlerConfig withFeatures(FeatureSet set) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, set, readBufferCount, readBufferSize);
    }

    /** A copy with {@code count} shared read buffers of {@code size} bytes per loop. */
    public UringIoHandlerConfig withReadBuffers(int count, int size) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, features, count, size);
    }
}
