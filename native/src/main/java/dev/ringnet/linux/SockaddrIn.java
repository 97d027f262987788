package dev.ringnet.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct sockaddr_in} from {@code <netinet/in.h>}; port and address are in network byte order.
 * <pre>
 * struct sockaddr_in {
 *     sa_family_t    sin_family;   // AF_INET
 *     in_port_t      sin_port;     // big-endian
 *     struct in_addr sin_addr;     // big-endian
 *     unsigned char  sin_zero[8];
 * };
 * </pre>
 */
public final class SockaddrIn {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            JAVA_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long SIN_FAMILY = LAYOUT.byteOffset(groupElement("sin_family"));
    public static final long SIN_PORT = LAYOUT.byteOffset(groupElement("sin_port"));
    public static final long SIN_ADDR = LAYOUT.byteOffset(groupElement("sin_addr"));

    private SockaddrIn() {
    }
}
