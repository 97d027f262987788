package dev.ringnet.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SockAddrTest {

    @Test
    void ipv4EncodesToTheKernelsBytes() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(SockAddr.STORAGE_SIZE);
            int len = SockAddr.encode(dst, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
            assertEquals(16, len);
            assertArrayEquals(new byte[] {2, 0, 0x1f, (byte) 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                    dst.asSlice(0, 16).toArray(ValueLayout.JAVA_BYTE), "family LE, port and address BE");
        }
    }

    @Test
    void roundTripsBothFamiliesScopeAndPortLimits() throws Exception {
        InetAddress linkLocal = Inet6Address.getByAddress(null,
                InetAddress.getByName("fe80::1").getAddress(), 1);
        for (InetSocketAddress address : new InetSocketAddress[] {
            new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 0),
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 65535),
            new InetSocketAddress(InetAddress.getByName("::1"), 443),
            new InetSocketAddress(InetAddress.getByName("2001:db8::42"), 1),
            new InetSocketAddress(linkLocal, 9000)}) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment dst = arena.allocate(SockAddr.STORAGE_SIZE);
                int len = SockAddr.encode(dst, address);
                assertEquals(address, SockAddr.decode(dst, len));
            }
        }
    }

    @Test
    void v4MappedDecodesAsIpv4AndUnknownFamiliesAreRefused() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(SockAddr.STORAGE_SIZE);
            byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
            dst.set(ValueLayout.JAVA_SHORT, SockaddrIn6.SIN6_FAMILY, (short) Sockets.AF_INET6);
            MemorySegment.copy(mapped, 0, dst, ValueLayout.JAVA_BYTE, SockaddrIn6.SIN6_ADDR, 16);
            InetSocketAddress decoded = SockAddr.decode(dst, (int) SockaddrIn6.SIZE);
            assertInstanceOf(Inet4Address.class, decoded.getAddress());
            assertEquals("127.0.0.1", decoded.getAddress().getHostAddress());
            dst.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_UNIX);
            assertThrows(IllegalArgumentException.class, () -> SockAddr.decode(dst, 110));
        }
    }
}
