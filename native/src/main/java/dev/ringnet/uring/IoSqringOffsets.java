package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_sqring_offsets} from {@code <linux/io_uring.h>}: where, inside the mmapped SQ ring, the kernel put
 * each field. {@code io_uring_setup(2)} fills it in as {@code io_uring_params.sq_off}; the offsets below are relative
 * to the start of this struct, not of the params.
 * <pre>
 * struct io_sqring_offsets {
 *     __u32 head;
 *     __u32 tail;
 *     __u32 ring_mask;
 *     __u32 ring_entries;
 *     __u32 flags;
 *     __u32 dropped;
 *     __u32 array;
 *     __u32 resv1;
 *     __u64 user_addr;    // "resv2" before 6.5; with IORING_SETUP_NO_MMAP the SQ ring's user address
 * };
 * </pre>
 */
public final class IoSqringOffsets {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long HEAD = LAYOUT.byteOffset(groupElement("head"));
    public static final long TAIL = LAYOUT.byteOffset(groupElement("tail"));
    public static final long RING_MASK = LAYOUT.byteOffset(groupElement("ring_mask"));
    public static final long RING_ENTRIES = LAYOUT.byteOffset(groupElement("ring_entries"));
    public static final long FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long DROPPED = LAYOUT.byteOffset(groupElement("dropped"));
    public static final long ARRAY = LAYOUT.byteOffset(groupElement("array"));
    public static final long RESV1 = LAYOUT.byteOffset(groupElement("resv1"));
    public static final long USER_ADDR = LAYOUT.byteOffset(groupElement("user_addr"));

    private IoSqringOffsets() {
    }
}
