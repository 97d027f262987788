package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_buf} from {@code <linux/io_uring.h>}: one entry of a provided-buffer ring
 * ({@code struct io_uring_buf_ring}, registered with {@code IORING_REGISTER_PBUF_RING}).
 * <pre>
 * struct io_uring_buf {
 *     __u64 addr;
 *     __u32 len;
 *     __u16 bid;      // buffer id, reported back in cqe->flags &gt;&gt; IORING_CQE_BUFFER_SHIFT
 *     __u16 resv;
 * };
 *
 * struct io_uring_buf_ring {
 *     union {
 *         struct { __u64 resv1; __u32 resv2; __u16 resv3; __u16 tail; };
 *         struct io_uring_buf bufs[];
 *     };
 * };
 * </pre>
 * The ring has no header of its own: its 16-bit {@code tail} overlays {@code resv} of entry 0, at {@link #RING_TAIL}
 * from the ring's start, so entry 0's {@code resv} must never be written as part of an entry.
 */
public final class IoUringBuf {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_SHORT.withName("bid"),
            JAVA_SHORT.withName("resv"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long ADDR = LAYOUT.byteOffset(groupElement("addr"));
    public static final long LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long BID = LAYOUT.byteOffset(groupElement("bid"));
    public static final long RESV = LAYOUT.byteOffset(groupElement("resv"));
    /** Offset of {@code io_uring_buf_ring.tail} from the start of the ring: {@code resv} of entry 0. */
    public static final long RING_TAIL = RESV;

    private IoUringBuf() {
    }
}
