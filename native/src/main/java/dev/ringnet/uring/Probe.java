package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.IORING_REGISTER_PROBE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.ringnet.linux.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Which {@code IORING_OP_*} opcodes the running kernel supports, from {@code IORING_REGISTER_PROBE}. The only
 * reliable way to know: features are backported and removed independently of kernel version numbers.
 * Immutable and thread-safe.
 */
public final class Probe {
    /** The kernel fills at most this many entries; opcodes are below 256. */
    private static final int MAX_OPS = 256;

    private final int lastOp;
    private final boolean[] supported;

    private Probe(int lastOp, boolean[] supported) {
        this.lastOp = lastOp;
        this.supported = supported;
    }

    static Probe of(Ring ring) throws ErrnoException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment probe = scratch.allocate(IoUringProbe.SIZE + MAX_OPS * IoUringProbeOp.SIZE, 8);
            ring.check("IORING_REGISTER_PROBE", ring.register(IORING_REGISTER_PROBE, probe.address(), MAX_OPS));
            int lastOp = Byte.toUnsignedInt(probe.get(JAVA_BYTE, IoUringProbe.LAST_OP));
            int opsLen = Byte.toUnsignedInt(probe.get(JAVA_BYTE, IoUringProbe.OPS_LEN));
            boolean[] supported = new boolean[MAX_OPS];
            for (int i = 0; i < opsLen; i++) {
                long op = IoUringProbe.OPS + i * IoUringProbeOp.SIZE;
                int flags = probe.get(JAVA_SHORT, op + IoUringProbeOp.FLAGS);
                if ((flags & IoUringProbeOp.IO_URING_OP_SUPPORTED) != 0) {
                    supported[Byte.toUnsignedInt(probe.get(JAVA_BYTE, op + IoUringProbeOp.OP))] = true;
                }
            }
            return new Probe(lastOp, supported);
        }
    }

    /** Whether the kernel supports {@code IORING_OP_*} {@code opcode}. */
    public boolean isSupported(int opcode) {
        return opcode >= 0 && opcode < MAX_OPS && supported[opcode];
    }

    /** The highest opcode this kernel knows. */
    public int lastOp() {
        return lastOp;
    }
}
