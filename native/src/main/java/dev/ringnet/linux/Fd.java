package dev.ringnet.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Calls on any file descriptor: {@code close}, {@code read}, {@code write}, {@code fcntl}, and {@code eventfd}.
 * Each returns the kernel's result or throws {@link ErrnoException} naming the call, the fd and the errno.
 * Thread-safe.
 */
public final class Fd {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_GETFD = 1;
    public static final int FD_CLOEXEC = 1;
    public static final int EFD_NONBLOCK = O_NONBLOCK;
    public static final int EFD_CLOEXEC = O_CLOEXEC;
    /** {@code poll(2)} events ({@code <poll.h>}): data to read. */
    public static final int POLLIN = 0x0001;
    /** Writing will not block: a socket has send-buffer space. */
    public static final int POLLOUT = 0x0004;
    /** The peer shut down its writing half (Linux 2.6.17, {@code _GNU_SOURCE}). */
    public static final int POLLRDHUP = 0x2000;

    /** {@code int close(int fd)} */
    private static final MethodHandle CLOSE = LibC.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** {@code ssize_t read(int fd, void *buf, size_t count)} */
    private static final MethodHandle READ = LibC.downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** {@code ssize_t write(int fd, const void *buf, size_t count)} */
    private static final MethodHandle WRITE = LibC.downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** {@code int fcntl(int fd, int cmd, ...)}, called with one int argument. */
    private static final MethodHandle FCNTL = LibC.downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    /** {@code int open(const char *path, int flags, ...)}, called with a mode argument. */
    private static final MethodHandle OPEN = LibC.downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    /** {@code int eventfd(unsigned int initval, int flags)} */
    private static final MethodHandle EVENTFD = LibC.downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Fd() {
    }

    /**
     * Closes {@code fd}. Per {@code close(2)}, the descriptor is released even when this throws (EINTR included), so
     * callers must never retry.
     */
    public static void close(int fd) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int rc;
        try {
            rc = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw ErrnoException.ofFd("close", fd, LibC.errno(state));
        }
    }

    /** Reads up to {@code buf.byteSize()} bytes; returns the count, 0 at end of file. */
    public static long read(int fd, MemorySegment buf) throws ErrnoException {
        MemorySegment state = LibC.callState();
        long n;
        try {
            n = (long) READ.invokeExact(state, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (n < 0) {
            throw ErrnoException.ofFd("read", fd, LibC.errno(state));
        }
        return n;
    }

    /** Writes up to {@code buf.byteSize()} bytes; returns the count written. */
    public static long write(int fd, MemorySegment buf) throws ErrnoException {
        MemorySegment state = LibC.callState();
        long n;
        try {
            n = (long) WRITE.invokeExact(state, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (n < 0) {
            throw ErrnoException.ofFd("write", fd, LibC.errno(state));
        }
        return n;
    }

    /** {@code fcntl(fd, cmd, arg)}; returns the kernel's result. */
    public static int fcntl(int fd, int cmd, int arg) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int rc;
        try {
            rc = (int) FCNTL.invokeExact(state, fd, cmd, arg);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw ErrnoException.ofFd("fcntl", fd, LibC.errno(state));
        }
        return rc;
    }

    /**
     * Opens {@code path} with {@code O_*} {@code flags} (close-on-exec added) and returns the fd. Allocates the
     * path.
     */
    public static int open(String path, int flags) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, 0);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (fd < 0) {
            throw new ErrnoException("open(" + path + ")", LibC.errno(state));
        }
        return fd;
    }

    /** Creates an eventfd with counter {@code initval}; flags are {@link #EFD_NONBLOCK} and {@link #EFD_CLOEXEC}. */
    public static int eventfd(int initval, int flags) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(state, initval, flags);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (fd < 0) {
            throw new ErrnoException("eventfd", LibC.errno(state));
        }
        return fd;
    }
}
