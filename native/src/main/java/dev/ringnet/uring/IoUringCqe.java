package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_cqe} from {@code <linux/io_uring.h>}: one completion queue entry, 16 bytes (32 with
 * {@code IORING_SETUP_CQE32}, the extra 16 in {@code big_cqe}).
 * <pre>
 * struct io_uring_cqe {
 *     __u64 user_data;    // the SQE's user_data
 *     __s32 res;          // result, or -errno
 *     __u32 flags;        // IORING_CQE_F_*; buffer id in the upper 16 bits with IORING_CQE_F_BUFFER
 *     __u64 big_cqe[];
 * };
 * </pre>
 */
public final class IoUringCqe {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags"),
            MemoryLayout.sequenceLayout(0, JAVA_LONG).withName("big_cqe"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long USER_DATA = LAYOUT.byteOffset(groupElement("user_data"));
    public static final long RES = LAYOUT.byteOffset(groupElement("res"));
    public static final long FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    /** The flexible {@code big_cqe[]}, present only in rings set up with {@code IORING_SETUP_CQE32}. */
    public static final long BIG_CQE = LAYOUT.byteOffset(groupElement("big_cqe"));

    private IoUringCqe() {
    }
}
