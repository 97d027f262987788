package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_probe_op} from {@code <linux/io_uring.h>}: one entry of {@link IoUringProbe}'s
 * {@code ops[]}, telling whether the kernel supports the opcode {@code op}.
 * <pre>
 * struct io_uring_probe_op {
 *     __u8  op;
 *     __u8  resv;
 *     __u16 flags;    // IO_URING_OP_SUPPORTED
 *     __u32 resv2;
 * };
 * </pre>
 */
public final class IoUringProbeOp {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("resv"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OP = LAYOUT.byteOffset(groupElement("op"));
    public static final long RESV = LAYOUT.byteOffset(groupElement("resv"));
    public static final long FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long RESV2 = LAYOUT.byteOffset(groupElement("resv2"));

    /** Bit of {@code flags} set when the opcode is supported; {@link IoUringConstants#IO_URING_OP_SUPPORTED}. */
    public static final int IO_URING_OP_SUPPORTED = IoUringConstants.IO_URING_OP_SUPPORTED;

    private IoUringProbeOp() {
    }
}
