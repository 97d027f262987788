package dev.ringnet.uring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The completion side of a ring: CQEs are read between our head and the kernel's tail, handed to a
 * {@link CompletionHandler}, and the head is published once per batch.
 *
 * <p>Not thread-safe: only the thread that owns the ring may call it.
 */
public final class CompletionQueue {
    private static final VarHandle INT = JAVA_INT.varHandle().withInvokeExactBehavior();

    private final MemorySegment ring;
    private final long khead;
    private final long ktail;
    private final long koverflow;
    private final long cqes;
    private final int mask;
    private final int entries;
    /** Our copy of the head: only this thread moves it, so it is never re-read from shared memory. */
    private int head;

    CompletionQueue(MemorySegment ring, MemorySegment params) {
        long cqOff = IoUringParams.CQ_OFF;
        this.ring = ring;
        this.khead = params.get(JAVA_INT, cqOff + IoCqringOffsets.HEAD);
        this.ktail = params.get(JAVA_INT, cqOff + IoCqringOffsets.TAIL);
        this.koverflow = params.get(JAVA_INT, cqOff + IoCqringOffsets.OVERFLOW);
        this.cqes = params.get(JAVA_INT, cqOff + IoCqringOffsets.CQES);
        this.mask = ring.get(JAVA_INT, params.get(JAVA_INT, cqOff + IoCqringOffsets.RING_MASK));
        this.entries = ring.get(JAVA_INT, params.get(JAVA_INT, cqOff + IoCqringOffsets.RING_ENTRIES));
        this.head = (int) INT.getAcquire(ring, khead);
    }

    /** Number of CQEs the ring holds. */
    public int entries() {
        return entries;
    }

    /** CQEs waiting to be handled. */
    public int ready() {
        // Acquire pairs with the kernel's release of the tail: CQE contents up to it are visible.
        return (int) INT.getAcquire(ring, ktail) - head;
    }

    /**
     * Hands every ready CQE to {@code handler} and returns how many were handled. The head is published (release)
     * once at the end, also when the handler throws, so the kernel may reuse exactly the slots already handled.
     * A handler may prepare and submit new SQEs; CQEs that arrive meanwhile are left for the next call.
     */
    public int forEach(CompletionHandler handler) {
        int tail = (int) INT.getAcquire(ring, ktail);
        int start = head;
        int h = start;
        try {
            while (h != tail) {
                long cqe = cqes + (long) (h & mask) * IoUringCqe.SIZE;
                // Unaligned layouts: the CQE array is page-aligned, so their alignment check could never fail.
                long userData = ring.get(JAVA_LONG_UNALIGNED, cqe + IoUringCqe.USER_DATA);
                int res = ring.get(JAVA_INT_UNALIGNED, cqe + IoUringCqe.RES);
                int flags = ring.get(JAVA_INT_UNALIGNED, cqe + IoUringCqe.FLAGS);
                // Counted before the call: if the handler throws, this CQE is consumed, never delivered twice.
                h++;
                handler.handle(userData, res, flags);
            }
        } finally {
            head = h;
            // Release: our reads of the CQEs complete before the kernel may overwrite their slots.
            INT.setRelease(ring, khead, h);
        }
        return h - start;
    }

    /**
     * CQEs the kernel had to drop because the CQ was full and it could not keep them (only on kernels without
     * {@code IORING_FEAT_NODROP}, or when its overflow allocation failed).
     */
    public int overflow() {
        return (int) INT.getAcquire(ring, koverflow);
    }
}
