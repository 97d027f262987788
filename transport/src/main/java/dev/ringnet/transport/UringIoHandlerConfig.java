package dev.ringnet.transport;

/**
 * How each event loop's ring is set up and which kernel features the transport may use. Immutable.
 *
 * <p>{@link FeatureSet#FULL} uses whatever the kernel offers; {@link FeatureSet#MINIMAL} forces the fallbacks
 * (single-shot accept and recv, no buffer ring, no SINGLE_ISSUER/DEFER_TASKRUN, no registered ring fd) so every
 * fallback path can be tested on a modern kernel. The system property {@value #FEATURES_PROPERTY} ({@code full} or
 * {@code minimal}) sets the default.
 *
 * @param sqEntries SQ size of each ring
 * @param cqEntries CQ size of each ring (large: accept storms and multishot receives produce CQEs in bursts)
 * @param features  which kernel features may be used
 */
public record UringIoHandlerConfig(int sqEntries, int cqEntries, FeatureSet features) {
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
    }

    /** SQ 256, CQ 4096, features from {@value #FEATURES_PROPERTY} (default full). */
    public static UringIoHandlerConfig defaults() {
        String value = System.getProperty(FEATURES_PROPERTY, "full").trim();
        FeatureSet features = switch (value) {
            case "full" -> FeatureSet.FULL;
            case "minimal" -> FeatureSet.MINIMAL;
            default -> throw new IllegalArgumentException(
                    "-D" + FEATURES_PROPERTY + " must be full or minimal, not '" + value + "'");
        };
        return new UringIoHandlerConfig(256, 4096, features);
    }

    /** A copy using {@code features}. */
    public UringIoHandlerConfig withFeatures(FeatureSet set) {
        return new UringIoHandlerConfig(sqEntries, cqEntries, set);
    }
}
