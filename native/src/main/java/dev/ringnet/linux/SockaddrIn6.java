package dev.ringnet.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct sockaddr_in6} from {@code <netinet/in.h>}; port and flow info are in network byte order, the scope
 * id in host order.
 * <pre>
 * struct sockaddr_in6 {
 *     sa_family_t     sin6_family;    // AF_INET6
 *     in_port_t       sin6_port;
 *     uint32_t        sin6_flowinfo;
 *     struct in6_addr sin6_addr;      // 16 bytes
 *     uint32_t        sin6_scope_id;
 * };
 * </pre>
 */
public final class SockaddrIn6 {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long SIN6_FAMILY = LAYOUT.byteOffset(groupElement("sin6_family"));
    public static final long SIN6_PORT = LAYOUT.byteOffset(groupElement("sin6_port"));
    public static final long SIN6_FLOWINFO = LAYOUT.byteOffset(groupElement("sin6_flowinfo"));
    public static final long SIN6_ADDR = LAYOUT.byteOffset(groupElement("sin6_addr"));
    public static final long SIN6_SCOPE_ID = LAYOUT.byteOffset(groupElement("sin6_scope_id"));

    private SockaddrIn6() {
    }
}
