package dev.ringnet.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Socket system calls, thin and without policy: each returns the kernel's result or throws {@link ErrnoException}
 * naming the call, the fd and the errno ({@code accept4(fd=7): EMFILE (too many open files)}). Addresses are
 * caller-provided segments (see {@link SockAddr}); nothing is allocated per call. Thread-safe.
 */
public final class Sockets {
    // <bits/socket.h>, <asm-generic/socket.h>, <netinet/tcp.h>, <linux/in.h>, <linux/in6.h>
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_SNDLOWAT = 19;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_DOMAIN = 39;
    public static final int SO_ZEROCOPY = 60;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_TOS = 1;
    public static final int IPV6_V6ONLY = 26;
    public static final int IPV6_TCLASS = 67;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_CORK = 3;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_DEFER_ACCEPT = 9;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int TCP_FASTOPEN = 23;
    public static final int TCP_NOTSENT_LOWAT = 25;
    public static final int TCP_FASTOPEN_CONNECT = 30;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_MORE = 0x8000;
    public static final int MSG_ZEROCOPY = 0x4000000;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    /** {@code int socket(int domain, int type, int protocol)} */
    private static final MethodHandle SOCKET = LibC.downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}; connect has the same shape. */
    private static final FunctionDescriptor FD_ADDR_LEN = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = LibC.downcall("bind", FD_ADDR_LEN);
    private static final MethodHandle CONNECT = LibC.downcall("connect", FD_ADDR_LEN);
    /** {@code int listen(int fd, int backlog)}; shutdown(fd, how) has the same shape. */
    private static final MethodHandle LISTEN = LibC.downcall("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SHUTDOWN = LibC.downcall("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    /** {@code int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)} */
    private static final MethodHandle ACCEPT4 = LibC.downcall("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    /** {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *len)}; getpeername alike. */
    private static final FunctionDescriptor FD_ADDR_LENP = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETSOCKNAME = LibC.downcall("getsockname", FD_ADDR_LENP);
    private static final MethodHandle GETPEERNAME = LibC.downcall("getpeername", FD_ADDR_LENP);
    /** {@code int setsockopt(int fd, int level, int name, const void *value, socklen_t len)} */
    private static final MethodHandle SETSOCKOPT = LibC.downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** {@code int getsockopt(int fd, int level, int name, void *value, socklen_t *len)} */
    private static final MethodHandle GETSOCKOPT = LibC.downcall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** Per thread: an option value (int, or struct linger's two ints) and its socklen_t. */
    private static final ThreadLocal<MemorySegment> OPTION = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(12));

    private Sockets() {
    }

    /** Creates a socket; returns its fd. */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(state, domain, type, protocol);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (fd < 0) {
            throw new ErrnoException("socket(domain=" + domain + ")", LibC.errno(state));
        }
        return fd;
    }

    /** Binds {@code fd} to the {@code len}-byte sockaddr in {@code addr}. */
    public static void bind(int fd, MemorySegment addr, int len) throws ErrnoException {
        fdAddrLen(BIND, "bind", fd, addr, len);
    }

    /**
     * Connects {@code fd} to the {@code len}-byte sockaddr in {@code addr}. A non-blocking socket fails with
     * {@link Errno#EINPROGRESS} while the handshake runs: check {@link ErrnoException#errno()}.
     */
    public static void connect(int fd, MemorySegment addr, int len) throws ErrnoException {
        fdAddrLen(CONNECT, "connect", fd, addr, len);
    }

    private static void fdAddrLen(MethodHandle handle, String call, int fd, MemorySegment addr, int len)
            throws ErrnoException {
        MemorySegment state = LibC.callState();
        int rc;
        try {
            rc = (int) handle.invokeExact(state, fd, addr, len);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw ErrnoException.ofFd(call, fd, LibC.errno(state));
        }
    }

    /** Marks {@code fd} as listening with {@code backlog} pending connections at most. */
    public static void listen(int fd, int backlog) throws ErrnoException {
        fdInt(LISTEN, "listen", fd, backlog);
    }

    /** Shuts down reading ({@link #SHUT_RD}), writing ({@link #SHUT_WR}) or both. */
    public static void shutdown(int fd, int how) throws ErrnoException {
        fdInt(SHUTDOWN, "shutdown", fd, how);
    }

    private static void fdInt(MethodHandle handle, String call, int fd, int arg) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int rc;
        try {
            rc = (int) handle.invokeExact(state, fd, arg);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw ErrnoException.ofFd(call, fd, LibC.errno(state));
        }
    }

    /**
     * Accepts a connection; returns its fd. {@code addr} and {@code lenInOut} (an int holding the room in
     * {@code addr}, updated to the peer address length) may both be {@link MemorySegment#NULL}.
     */
    public static int accept4(int fd, MemorySegment addr, MemorySegment lenInOut, int flags) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int child;
        try {
            child = (int) ACCEPT4.invokeExact(state, fd, addr, lenInOut, flags);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (child < 0) {
            throw ErrnoException.ofFd("accept4", fd, LibC.errno(state));
        }
        return child;
    }

    /** The local address of {@code fd} into {@code addr}; {@code lenInOut} as for {@link #accept4}. */
    public static void getsockname(int fd, MemorySegment addr, MemorySegment lenInOut) throws ErrnoException {
        fdAddrLenp(GETSOCKNAME, "getsockname", fd, addr, lenInOut);
    }

    /** The peer address of {@code fd} into {@code addr}; {@code lenInOut} as for {@link #accept4}. */
    public static void getpeername(int fd, MemorySegment addr, MemorySegment lenInOut) throws ErrnoException {
        fdAddrLenp(GETPEERNAME, "getpeername", fd, addr, lenInOut);
    }

    private static void fdAddrLenp(MethodHandle handle, String call, int fd, MemorySegment addr, MemorySegment len)
            throws ErrnoException {
        MemorySegment state = LibC.callState();
        int rc;
        try {
            rc = (int) handle.invokeExact(state, fd, addr, len);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw ErrnoException.ofFd(call, fd, LibC.errno(state));
        }
    }

    /** Sets an int-valued option. */
    public static void setsockoptInt(int fd, int level, int option, int value) throws ErrnoException {
        MemorySegment buf = OPTION.get();
        buf.set(JAVA_INT, 0, value);
        setsockopt(fd, level, option, buf, Integer.BYTES);
    }

    /** Reads an int-valued option. */
    public static int getsockoptInt(int fd, int level, int option) throws ErrnoException {
        MemorySegment buf = OPTION.get();
        getsockopt(fd, level, option, buf, Integer.BYTES);
        return buf.get(JAVA_INT, 0);
    }

    /** Sets {@code SO_LINGER} ({@code struct linger { int l_onoff; int l_linger; }}). */
    public static void setLinger(int fd, boolean on, int seconds) throws ErrnoException {
        MemorySegment buf = OPTION.get();
        buf.set(JAVA_INT, 0, on ? 1 : 0);
        buf.set(JAVA_INT, 4, seconds);
        setsockopt(fd, SOL_SOCKET, SO_LINGER, buf, 8);
    }

    /** {@code SO_LINGER}: the linger time in seconds when on, -1 when off. */
    public static int getLinger(int fd) throws ErrnoException {
        MemorySegment buf = OPTION.get();
        getsockopt(fd, SOL_SOCKET, SO_LINGER, buf, 8);
        return buf.get(JAVA_INT, 0) != 0 ? buf.get(JAVA_INT, 4) : -1;
    }

    private static void setsockopt(int fd, int level, int option, MemorySegment value, int len)
            throws ErrnoException {
        MemorySegment state = LibC.callState();
        int rc;
        try {
            rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, len);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw new ErrnoException("setsockopt(fd=" + fd + ", " + level + ", " + option + ")", LibC.errno(state));
        }
    }

    private static void getsockopt(int fd, int level, int option, MemorySegment buf, int len) throws ErrnoException {
        MemorySegment state = LibC.callState();
        MemorySegment lenInOut = buf.asSlice(8, 4);
        lenInOut.set(JAVA_INT, 0, len);
        int rc;
        try {
            rc = (int) GETSOCKOPT.invokeExact(state, fd, level, option, buf, lenInOut);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw new ErrnoException("getsockopt(fd=" + fd + ", " + level + ", " + option + ")", LibC.errno(state));
        }
    }
}
