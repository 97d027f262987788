package dev.ringnet.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * The JVM-wide counters behind {@link ZeroCopyStats}. {@link LongAdder}s: every event loop adds to them without
 * contending (and without allocating once each loop's cell exists); {@link Uring#zeroCopyStats()} sums them.
 */
final class ZeroCopyCounters {
    static final LongAdder SPLICE_COMPLETIONS = new LongAdder();
    static final LongAdder FILE_REGION_SPLICED_BYTES = new LongAdder();
    static final LongAdder FILE_REGION_COPIED_BYTES = new LongAdder();
    static final LongAdder SPLICE_TO_BYTES = new LongAdder();
    static final LongAdder SEND_ZC_SENDS = new LongAdder();
    static final LongAdder SEND_ZC_NOTIFICATIONS = new LongAdder();
    static final LongAdder SEND_ZC_COPIED = new LongAdder();

    private ZeroCopyCounters() {
    }

    static ZeroCopyStats snapshot() {
        return new ZeroCopyStats(SPLICE_COMPLETIONS.sum(), FILE_REGION_SPLICED_BYTES.sum(),
                FILE_REGION_COPIED_BYTES.sum(), SPLICE_TO_BYTES.sum(), SEND_ZC_SENDS.sum(),
                SEND_ZC_NOTIFICATIONS.sum(), SEND_ZC_COPIED.sum());
    }
}
