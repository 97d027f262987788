package dev.ringnet.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * Converts between {@link InetSocketAddress} and {@code sockaddr_in} / {@code sockaddr_in6} in native memory.
 * Encoding writes into a caller's segment (no allocation); decoding builds the Java objects. Thread-safe.
 */
public final class SockAddr {
    /** {@code sizeof(struct sockaddr_storage)}: room for any socket address. */
    public static final long STORAGE_SIZE = 128;

    /** Ports and IPv4 addresses are big-endian in sockaddrs; family and scope id are host order. */
    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    private SockAddr() {
    }

    /** Encodes {@code address} into {@code dst} and returns the sockaddr's length (16 for IPv4, 28 for IPv6). */
    public static int encode(MemorySegment dst, InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        return encode(dst, address.getAddress(), address.getPort());
    }

    /** Encodes {@code address}:{@code port} into {@code dst}; returns the sockaddr's length. */
    public static int encode(MemorySegment dst, InetAddress address, int port) {
        if (address instanceof Inet4Address v4) {
            dst.asSlice(0, SockaddrIn.SIZE).fill((byte) 0);
            dst.set(JAVA_SHORT, SockaddrIn.SIN_FAMILY, (short) Sockets.AF_INET);
            dst.set(NET_SHORT, SockaddrIn.SIN_PORT, (short) port);
            MemorySegment.copy(v4.getAddress(), 0, dst, JAVA_BYTE, SockaddrIn.SIN_ADDR, 4);
            return (int) SockaddrIn.SIZE;
        }
        Inet6Address v6 = (Inet6Address) address;
        dst.asSlice(0, SockaddrIn6.SIZE).fill((byte) 0);
        dst.set(JAVA_SHORT, SockaddrIn6.SIN6_FAMILY, (short) Sockets.AF_INET6);
        dst.set(NET_SHORT, SockaddrIn6.SIN6_PORT, (short) port);
        MemorySegment.copy(v6.getAddress(), 0, dst, JAVA_BYTE, SockaddrIn6.SIN6_ADDR, 16);
        dst.set(JAVA_INT, SockaddrIn6.SIN6_SCOPE_ID, v6.getScopeId());
        return (int) SockaddrIn6.SIZE;
    }

    /**
     * Decodes the {@code len}-byte sockaddr at the start of {@code src}. An IPv4-mapped IPv6 address
     * ({@code ::ffff:a.b.c.d}) comes back as the plain IPv4 address, as the JDK's own sockets report it.
     *
     * @throws IllegalArgumentException for a family other than AF_INET and AF_INET6, or a short length
     */
    public static InetSocketAddress decode(MemorySegment src, int len) {
        int family = src.get(JAVA_SHORT, 0);
        try {
            if (family == Sockets.AF_INET && len >= SockaddrIn.SIZE) {
                byte[] ip = new byte[4];
                MemorySegment.copy(src, JAVA_BYTE, SockaddrIn.SIN_ADDR, ip, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port(src, SockaddrIn.SIN_PORT));
            }
            if (family == Sockets.AF_INET6 && len >= SockaddrIn6.SIZE) {
                byte[] ip = new byte[16];
                MemorySegment.copy(src, JAVA_BYTE, SockaddrIn6.SIN6_ADDR, ip, 0, 16);
                int port = port(src, SockaddrIn6.SIN6_PORT);
                int scope = src.get(JAVA_INT, SockaddrIn6.SIN6_SCOPE_ID);
                // getByAddress turns a v4-mapped address into an Inet4Address by itself.
                InetAddress address = scope != 0 && !isV4Mapped(ip)
                        ? Inet6Address.getByAddress(null, ip, scope) : InetAddress.getByAddress(ip);
                return new InetSocketAddress(address, port);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("raw addresses of the right length never fail", e);
        }
        throw new IllegalArgumentException("not an IPv4/IPv6 sockaddr: family " + family + ", length " + len);
    }

    private static int port(MemorySegment src, long offset) {
        return Short.toUnsignedInt(src.get(NET_SHORT, offset));
    }

    private static boolean isV4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }
}
