package dev.ringnet.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct msghdr} from {@code <sys/socket.h>} (glibc, 64-bit): the argument of {@code sendmsg(2)},
 * {@code recvmsg(2)} and their io_uring opcodes. Four bytes of padding follow {@code msg_namelen} and four more end
 * the struct.
 * <pre>
 * struct msghdr {
 *     void         *msg_name;       // sockaddr, or NULL
 *     socklen_t     msg_namelen;
 *     struct iovec *msg_iov;
 *     size_t        msg_iovlen;
 *     void         *msg_control;    // ancillary data
 *     size_t        msg_controllen;
 *     int           msg_flags;      // out, for recvmsg
 * };
 * </pre>
 */
public final class Msghdr {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long MSG_NAME = LAYOUT.byteOffset(groupElement("msg_name"));
    public static final long MSG_NAMELEN = LAYOUT.byteOffset(groupElement("msg_namelen"));
    public static final long MSG_IOV = LAYOUT.byteOffset(groupElement("msg_iov"));
    public static final long MSG_IOVLEN = LAYOUT.byteOffset(groupElement("msg_iovlen"));
    public static final long MSG_CONTROL = LAYOUT.byteOffset(groupElement("msg_control"));
    public static final long MSG_CONTROLLEN = LAYOUT.byteOffset(groupElement("msg_controllen"));
    public static final long MSG_FLAGS = LAYOUT.byteOffset(groupElement("msg_flags"));

    private Msghdr() {
    }
}
