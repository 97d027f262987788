package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_params} from {@code <linux/io_uring.h>}: passed to {@code io_uring_setup(2)} with the
 * requested sizes and {@code IORING_SETUP_*} flags, copied back with the granted sizes, the {@code IORING_FEAT_*}
 * bits and the ring offsets ({@link IoSqringOffsets}, {@link IoCqringOffsets}).
 * <pre>
 * struct io_uring_params {
 *     __u32 sq_entries;
 *     __u32 cq_entries;
 *     __u32 flags;            // IORING_SETUP_*
 *     __u32 sq_thread_cpu;
 *     __u32 sq_thread_idle;   // milliseconds
 *     __u32 features;         // IORING_FEAT_*, out
 *     __u32 wq_fd;
 *     __u32 resv[3];
 *     struct io_sqring_offsets sq_off;
 *     struct io_cqring_offsets cq_off;
 * };
 * </pre>
 */
public final class IoUringParams {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            IoSqringOffsets.LAYOUT.withName("sq_off"),
            IoCqringOffsets.LAYOUT.withName("cq_off"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long SQ_ENTRIES = LAYOUT.byteOffset(groupElement("sq_entries"));
    public static final long CQ_ENTRIES = LAYOUT.byteOffset(groupElement("cq_entries"));
    public static final long FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long SQ_THREAD_CPU = LAYOUT.byteOffset(groupElement("sq_thread_cpu"));
    public static final long SQ_THREAD_IDLE = LAYOUT.byteOffset(groupElement("sq_thread_idle"));
    public static final long FEATURES = LAYOUT.byteOffset(groupElement("features"));
    public static final long WQ_FD = LAYOUT.byteOffset(groupElement("wq_fd"));
    public static final long RESV = LAYOUT.byteOffset(groupElement("resv"));
    /** Start of the embedded {@link IoSqringOffsets}; add its constants to this one. */
    public static final long SQ_OFF = LAYOUT.byteOffset(groupElement("sq_off"));
    /** Start of the embedded {@link IoCqringOffsets}; add its constants to this one. */
    public static final long CQ_OFF = LAYOUT.byteOffset(groupElement("cq_off"));

    private IoUringParams() {
    }
}
