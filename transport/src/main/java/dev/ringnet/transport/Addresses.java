package dev.ringnet.transport;

import static dev.ringnet.linux.Sockets.AF_INET;
import static dev.ringnet.linux.Sockets.AF_INET6;
import static dev.ringnet.linux.Sockets.IPPROTO_IPV6;
import static dev.ringnet.linux.Sockets.IPV6_V6ONLY;
import static dev.ringnet.linux.Sockets.SOCK_CLOEXEC;
import static dev.ringnet.linux.Sockets.SOCK_STREAM;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.SockAddr;
import dev.ringnet.linux.SockaddrIn6;
import dev.ringnet.linux.Sockets;
import io.netty.channel.ChannelException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.UnresolvedAddressException;

/**
 * Sockets and their addresses as this transport uses them: stream sockets are dual-stack AF_INET6 (IPv4 peers
 * appear as {@code ::ffff:a.b.c.d}), as with Netty's epoll transport, so one socket serves both families; hosts
 * without IPv6 get AF_INET sockets. Addresses read back from the kernel are plain IPv4 when they are v4-mapped.
 */
final class Addresses {
    /** Room for any sockaddr plus the socklen_t that follows it, per thread, for calls that complete at once. */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE + Integer.BYTES, 8));
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Addresses() {
    }

    /** A new blocking, close-on-exec TCP socket: dual-stack AF_INET6 where the host has IPv6, else AF_INET. */
    static int newStreamSocket() {
        try {
            int fd;
            try {
                fd = Sockets.socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EAFNOSUPPORT) {
                    throw e;
                }
                return Sockets.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            }
            Sockets.setsockoptInt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
            return fd;
        } catch (ErrnoException e) {
            throw new ChannelException("cannot open a socket: " + e.getMessage(), e);
        }
    }

    /** The address family ({@code AF_INET6} or {@code AF_INET}) of socket {@code fd}. */
    static int family(int fd) {
        try {
            return Sockets.getsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN);
        } catch (ErrnoException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    /**
     * Encodes {@code address} for a socket of {@code family} into {@code dst}; returns its length. An IPv4 address
     * for an AF_INET6 socket is written v4-mapped.
     */
    static int encode(MemorySegment dst, int family, SocketAddress address) {
        InetSocketAddress inet = checkResolved(address);
        if (inet.getAddress() instanceof Inet4Address v4 && family == AF_INET6) {
            dst.asSlice(0, SockaddrIn6.SIZE).fill((byte) 0);
            dst.set(ValueLayout.JAVA_SHORT, SockaddrIn6.SIN6_FAMILY, (short) AF_INET6);
            dst.set(PORT, SockaddrIn6.SIN6_PORT, (short) inet.getPort());
            dst.set(ValueLayout.JAVA_SHORT, SockaddrIn6.SIN6_ADDR + 10, (short) -1); // ::ffff:
            MemorySegment.copy(v4.getAddress(), 0, dst, ValueLayout.JAVA_BYTE, SockaddrIn6.SIN6_ADDR + 12, 4);
            return (int) SockaddrIn6.SIZE;
        }
        return SockAddr.encode(dst, inet);
    }

    static void bind(int fd, int family, SocketAddress address) throws ErrnoException {
        MemorySegment scratch = SCRATCH.get();
        int len = encode(scratch, family, address);
        Sockets.bind(fd, scratch, len);
    }

    /** The socket's local address, or null if it has none yet. */
    static InetSocketAddress local(int fd) {
        return query(fd, true);
    }

    /** The socket's peer address, or null if it is not connected. */
    static InetSocketAddress remote(int fd) {
        return query(fd, false);
    }

    private static InetSocketAddress query(int fd, boolean local) {
        if (fd < 0) {
            return null;
        }
        MemorySegment scratch = SCRATCH.get();
        MemorySegment len = scratch.asSlice(SockAddr.STORAGE_SIZE, Integer.BYTES);
        len.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.STORAGE_SIZE);
        try {
            if (local) {
                Sockets.getsockname(fd, scratch, len);
            } else {
                Sockets.getpeername(fd, scratch, len);
            }
        } catch (ErrnoException e) {
            return null; // ENOTCONN, EBADF: no such address (any more)
        }
        return SockAddr.decode(scratch, len.get(ValueLayout.JAVA_INT, 0));
    }

    static InetSocketAddress checkResolved(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("unsupported address type: " + address);
        }
        if (inet.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        return inet;
    }
}
