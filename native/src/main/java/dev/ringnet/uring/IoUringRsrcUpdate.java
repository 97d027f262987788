package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_rsrc_update}, the argument of {@code IORING_REGISTER_RING_FDS}.
 * <pre>
 * struct io_uring_rsrc_update {
 *     __u32 offset;   // slot to use, or -1 to let the kernel pick (written back)
 *     __u32 resv;
 *     __aligned_u64 data;   // the fd to register
 * };
 * </pre>
 */
public final class IoUringRsrcUpdate {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("offset"),
            JAVA_INT.withName("resv"),
            JAVA_LONG.withName("data"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long RESV = LAYOUT.byteOffset(groupElement("resv"));
    public static final long DATA = LAYOUT.byteOffset(groupElement("data"));

    private IoUringRsrcUpdate() {
    }
}
