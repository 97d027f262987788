package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_buf_reg} from {@code <linux/io_uring.h>}: the argument of
 * {@code IORING_REGISTER_PBUF_RING} and {@code IORING_UNREGISTER_PBUF_RING}.
 * <pre>
 * struct io_uring_buf_reg {
 *     __u64 ring_addr;        // page-aligned ring memory, 0 with IOU_PBUF_RING_MMAP
 *     __u32 ring_entries;     // a power of two
 *     __u16 bgid;             // buffer group id, the SQE's buf_group
 *     __u16 flags;            // IOU_PBUF_RING_*; called "pad" (and must be 0) before 6.4
 *     __u64 resv[3];
 * };
 * </pre>
 */
public final class IoUringBufReg {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ring_addr"),
            JAVA_INT.withName("ring_entries"),
            JAVA_SHORT.withName("bgid"),
            JAVA_SHORT.withName("flags"),
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("resv"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long RING_ADDR = LAYOUT.byteOffset(groupElement("ring_addr"));
    public static final long RING_ENTRIES = LAYOUT.byteOffset(groupElement("ring_entries"));
    public static final long BGID = LAYOUT.byteOffset(groupElement("bgid"));
    public static final long FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long RESV = LAYOUT.byteOffset(groupElement("resv"));

    private IoUringBufReg() {
    }
}
