package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_probe} from {@code <linux/io_uring.h>}: the header filled in by
 * {@code IORING_REGISTER_PROBE}. The caller allocates {@code SIZE + n * IoUringProbeOp.SIZE} bytes, zeroed, and passes
 * {@code n} as the register call's {@code nr_args}; {@link #SIZE} counts the header only.
 * <pre>
 * struct io_uring_probe {
 *     __u8  last_op;      // last opcode supported
 *     __u8  ops_len;      // entries filled in ops[]
 *     __u16 resv;
 *     __u32 resv2[3];
 *     struct io_uring_probe_op ops[];
 * };
 * </pre>
 */
public final class IoUringProbe {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"),
            JAVA_BYTE.withName("ops_len"),
            JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2"),
            MemoryLayout.sequenceLayout(0, IoUringProbeOp.LAYOUT).withName("ops"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long LAST_OP = LAYOUT.byteOffset(groupElement("last_op"));
    public static final long OPS_LEN = LAYOUT.byteOffset(groupElement("ops_len"));
    public static final long RESV = LAYOUT.byteOffset(groupElement("resv"));
    public static final long RESV2 = LAYOUT.byteOffset(groupElement("resv2"));
    /** Start of {@code ops[]}; entry {@code i} is at {@code OPS + i * IoUringProbeOp.SIZE}. */
    public static final long OPS = LAYOUT.byteOffset(groupElement("ops"));

    private IoUringProbe() {
    }
}
