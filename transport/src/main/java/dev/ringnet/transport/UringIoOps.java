package dev.ringnet.transport;

import io.netty.channel.IoOps;

/**
 * One request for {@link UringIoRegistration#submit(IoOps)}: the SQE fields of liburing's {@code prep_rw} plus the
 * few others a generic caller needs. The channels of this transport prepare SQEs directly instead (no object per
 * request); this is for other {@link UringIoHandle}s.
 *
 * @param opcode   {@code IORING_OP_*}
 * @param fd       the file descriptor, or -1
 * @param addr     the {@code addr} field (a native address for most opcodes)
 * @param len      the {@code len} field
 * @param offset   the {@code off} field
 * @param opFlags  the per-opcode flags word ({@code msg_flags}, {@code poll32_events}, ...)
 * @param sqeFlags {@code IOSQE_*} flags
 * @param ioprio   the {@code ioprio} field (opcode-specific flags such as {@code IORING_RECV_MULTISHOT})
 * @param data     24 bits returned in the {@link UringIoEvent}
 */
public record UringIoOps(int opcode, int fd, long addr, int len, long offset, int opFlags, int sqeFlags, int ioprio,
        int data) implements IoOps {

    /** A request with only opcode, fd and data set. */
    public static UringIoOps of(int opcode, int fd, int data) {
        return new UringIoOps(opcode, fd, 0, 0, 0, 0, 0, 0, data);
    }
}
