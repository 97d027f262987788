package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_CQSIZE;
import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_SQPOLL;

/**
 * What to ask of {@code io_uring_setup}: queue sizes, {@code IORING_SETUP_*} flags and the SQPOLL thread's idle
 * time and CPU. Immutable; the {@code with*} methods return copies.
 *
 * @param sqEntries          SQ size (the kernel rounds up to a power of two)
 * @param cqEntries          CQ size, or 0 for the kernel's default of twice the SQ
 * @param setupFlags         {@code IORING_SETUP_*} flags
 * @param sqThreadIdleMillis SQPOLL thread idle time before it sleeps
 * @param sqThreadCpu        CPU to pin the SQPOLL thread to, or -1
 */
public record RingOptions(int sqEntries, int cqEntries, int setupFlags, int sqThreadIdleMillis, int sqThreadCpu) {

    /** Options for a ring of {@code sqEntries} with default CQ size and no flags. */
    public static RingOptions of(int sqEntries) {
        return new RingOptions(sqEntries, 0, 0, 0, -1);
    }

    /** A CQ of {@code cqEntries} (sets {@code IORING_SETUP_CQSIZE}). */
    public RingOptions withCqEntries(int entries) {
        return new RingOptions(sqEntries, entries, setupFlags | IORING_SETUP_CQSIZE, sqThreadIdleMillis, sqThreadCpu);
    }

    /** These {@code IORING_SETUP_*} flags in addition to the current ones. */
    public RingOptions withFlags(int flags) {
        return new RingOptions(sqEntries, cqEntries, setupFlags | flags, sqThreadIdleMillis, sqThreadCpu);
    }

    /** A kernel thread polls the SQ, sleeping after {@code idleMillis} without work ({@code IORING_SETUP_SQPOLL}). */
    public RingOptions withSqPoll(int idleMillis) {
        return new RingOptions(sqEntries, cqEntries, setupFlags | IORING_SETUP_SQPOLL, idleMillis, sqThreadCpu);
    }
}
