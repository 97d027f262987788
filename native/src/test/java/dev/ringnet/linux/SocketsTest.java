package dev.ringnet.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Socket calls on the real kernel: options round trip, and each failure names the call, the fd and the errno. */
class SocketsTest {

    @Test
    void optionsRoundTrip() throws Exception {
        int fd = Sockets.socket(Sockets.AF_INET6, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
        try {
            Sockets.setsockoptInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);
            assertEquals(1, Sockets.getsockoptInt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY));
            Sockets.setsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, 1);
            assertEquals(1, Sockets.getsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE));
            Sockets.setsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, 65536);
            assertTrue(Sockets.getsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF) >= 65536, "kernel doubles");
            assertEquals(-1, Sockets.getLinger(fd), "linger off by default");
            Sockets.setLinger(fd, true, 0);
            assertEquals(0, Sockets.getLinger(fd));
            assertEquals(Sockets.AF_INET6, Sockets.getsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN));
        } finally {
            Fd.close(fd);
        }
    }

    @Test
    void connectToAClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int fd = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SockAddr.STORAGE_SIZE);
            int len = SockAddr.encode(addr, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ErrnoException e = assertThrows(ErrnoException.class, () -> Sockets.connect(fd, addr, len));
            assertEquals(Errno.ECONNREFUSED, e.errno());
            assertEquals("connect(fd=" + fd + "): ECONNREFUSED (connection refused)", e.getMessage());
        } finally {
            Fd.close(fd);
        }
    }

    @Test
    void callsOnWrongOrClosedFdsNameTheFdAndErrno() throws Exception {
        int efd = Fd.eventfd(0, Fd.EFD_CLOEXEC);
        ErrnoException notSocket = assertThrows(ErrnoException.class,
                () -> Sockets.accept4(efd, MemorySegment.NULL, MemorySegment.NULL, 0));
        assertEquals("accept4(fd=" + efd + "): ENOTSOCK (socket operation on non-socket)", notSocket.getMessage());
        Fd.close(efd);
        ErrnoException closed = assertThrows(ErrnoException.class, () -> Sockets.listen(efd, 1));
        assertEquals(Errno.EBADF, closed.errno());
        assertTrue(closed.getMessage().startsWith("listen(fd=" + efd + "): EBADF"), closed.getMessage());
    }
}
