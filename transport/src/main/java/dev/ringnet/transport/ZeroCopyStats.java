package dev.ringnet.transport;

/**
 * A snapshot of the zero-copy counters of every event loop of this transport in the JVM, since it started (see
 * {@link Uring#zeroCopyStats()}). The counters only grow; subtract two snapshots to measure one interval.
 *
 * @param spliceCompletions         successful {@code IORING_OP_SPLICE} completions, both legs (into a pipe, out of
 *                                  it) of {@code FileRegion} sends and of {@code spliceTo}
 * @param fileRegionSplicedBytes    bytes of {@code FileRegion}s that left through a pipe into the socket (no copy
 *                                  through user memory)
 * @param fileRegionCopiedBytes     bytes of {@code FileRegion}s copied through a direct buffer instead: regions whose
 *                                  file could not be reached (not a {@code DefaultFileRegion}, or one made from a
 *                                  {@code FileChannel} without {@code --add-opens}, see {@link UringSocketChannel})
 * @param spliceToBytes             bytes moved by {@link UringSocketChannel#spliceTo} into their target
 * @param sendZcSends               {@code IORING_OP_SEND_ZC} requests completed (their first CQE)
 * @param sendZcNotifications       notification CQEs ({@code IORING_CQE_F_NOTIF}): the kernel let go of a buffer
 * @param sendZcCopiedNotifications notifications saying the kernel copied the data after all (always the case on
 *                                  loopback; {@code IORING_NOTIF_USAGE_ZC_COPIED})
 */
public record ZeroCopyStats(long spliceCompletions, long fileRegionSplicedBytes, long fileRegionCopiedBytes,
        long spliceToBytes, long sendZcSends, long sendZcNotifications, long sendZcCopiedNotifications) {

    /** The counters that grew from {@code earlier} to this snapshot. */
    public ZeroCopyStats minus(ZeroCopyStats earlier) {
        return new ZeroCopyStats(spliceCompletions - earlier.spliceCompletions,
                fileRegionSplicedBytes - earlier.fileRegionSplicedBytes,
                fileRegionCopiedBytes - earlier.fileRegionCopiedBytes, spliceToBytes - earlier.spliceToBytes,
                sendZcSends - earlier.sendZcSends, sendZcNotifications - earlier.sendZcNotifications,
                sendZcCopiedNotifications - earlier.sendZcCopiedNotifications);
    }
}
