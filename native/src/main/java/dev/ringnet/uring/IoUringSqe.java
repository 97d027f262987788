package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_sqe} from {@code <linux/io_uring.h>}: one submission queue entry, 64 bytes (128 with
 * {@code IORING_SETUP_SQE128}). Each anonymous union is modelled by its first member; the other members share its
 * offset and are listed beside it below (unions abridged to what this project uses).
 * <pre>
 * struct io_uring_sqe {
 *     __u8    opcode;          // IORING_OP_*
 *     __u8    flags;           // IOSQE_*
 *     __u16   ioprio;          // also IORING_RECVSEND_*, IORING_ACCEPT_* flags
 *     __s32   fd;
 *     union { __u64 off; __u64 addr2; struct { __u32 cmd_op; __u32 __pad1; }; };
 *     union { __u64 addr; __u64 splice_off_in; };
 *     __u32   len;
 *     union {                  // OP_FLAGS: the per-opcode flags word
 *         __kernel_rwf_t rw_flags; __u32 fsync_flags; __u16 poll_events; __u32 poll32_events;
 *         __u32 sync_range_flags; __u32 msg_flags; __u32 timeout_flags; __u32 accept_flags;
 *         __u32 cancel_flags; __u32 open_flags; __u32 statx_flags; __u32 fadvise_advice;
 *         __u32 splice_flags; __u32 rename_flags; __u32 unlink_flags; __u32 hardlink_flags;
 *         __u32 xattr_flags; __u32 msg_ring_flags; __u32 uring_cmd_flags; ...
 *     };
 *     __u64   user_data;       // passed back in the CQE
 *     union { __u16 buf_index; __u16 buf_group; } __attribute__((packed));
 *     __u16   personality;
 *     union { __s32 splice_fd_in; __u32 file_index; struct { __u16 addr_len; __u16 __pad3[1]; }; };
 *     union {
 *         struct { __u64 addr3; __u64 __pad2[1]; };
 *         __u8 cmd[0];         // IORING_OP_URING_CMD payload: 16 bytes, 80 with SQE128
 *     };
 * };
 * </pre>
 */
public final class IoUringSqe {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("op_flags"),
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("splice_fd_in"),
            JAVA_LONG.withName("addr3"),
            JAVA_LONG.withName("pad2"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OPCODE = LAYOUT.byteOffset(groupElement("opcode"));
    public static final long FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long IOPRIO = LAYOUT.byteOffset(groupElement("ioprio"));
    public static final long FD = LAYOUT.byteOffset(groupElement("fd"));
    /** {@code off}, shared with {@code addr2} and {@code cmd_op}. */
    public static final long OFF = LAYOUT.byteOffset(groupElement("off"));
    /** {@code addr}, shared with {@code splice_off_in}. */
    public static final long ADDR = LAYOUT.byteOffset(groupElement("addr"));
    public static final long LEN = LAYOUT.byteOffset(groupElement("len"));
    /** The flags union: {@code rw_flags}, {@code msg_flags}, {@code timeout_flags}, {@code accept_flags} and so on. */
    public static final long OP_FLAGS = LAYOUT.byteOffset(groupElement("op_flags"));
    public static final long USER_DATA = LAYOUT.byteOffset(groupElement("user_data"));
    /** {@code buf_index}, shared with {@code buf_group} (used with {@code IOSQE_BUFFER_SELECT}). */
    public static final long BUF_INDEX = LAYOUT.byteOffset(groupElement("buf_index"));
    public static final long PERSONALITY = LAYOUT.byteOffset(groupElement("personality"));
    /** {@code splice_fd_in}, shared with {@code file_index} and the 16-bit {@code addr_len}. */
    public static final long SPLICE_FD_IN = LAYOUT.byteOffset(groupElement("splice_fd_in"));
    public static final long ADDR3 = LAYOUT.byteOffset(groupElement("addr3"));
    /** {@code __pad2[0]}, the second half of the last 16 bytes. */
    public static final long PAD2 = LAYOUT.byteOffset(groupElement("pad2"));
    /** {@code cmd[]}, the command area of {@code IORING_OP_URING_CMD}: it starts at {@code addr3}, not at the pad. */
    public static final long CMD = ADDR3;

    private IoUringSqe() {
    }
}
