package dev.ringnet.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Pipes and the zero-copy calls that use them: {@code pipe2}, {@code splice}, {@code sendfile}. Thin, without
 * policy; failures throw {@link ErrnoException} with the call and errno. Thread-safe.
 */
public final class Pipes {
    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;
    public static final int SPLICE_F_MORE = 4;
    /** {@code fcntl} commands to read and set a pipe's capacity in bytes. */
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;

    /** {@code int pipe2(int fds[2], int flags)} */
    private static final MethodHandle PIPE2 = LibC.downcall("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** {@code ssize_t splice(int in, loff_t *off_in, int out, loff_t *off_out, size_t len, unsigned flags)} */
    private static final MethodHandle SPLICE = LibC.downcall("splice",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** {@code ssize_t sendfile(int out, int in, off_t *offset, size_t count)} */
    private static final MethodHandle SENDFILE = LibC.downcall("sendfile",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));

    /** Per thread: two ints for pipe2, or two loff_t for splice/sendfile offsets. */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16));

    private Pipes() {
    }

    /**
     * Creates a pipe with {@code flags} ({@link Fd#O_NONBLOCK}, {@link Fd#O_CLOEXEC}); returns both fds packed in
     * a long: the read end in the low 32 bits ({@link #readEnd}), the write end in the high ({@link #writeEnd}).
     */
    public static long pipe2(int flags) throws ErrnoException {
        MemorySegment state = LibC.callState();
        MemorySegment fds = SCRATCH.get();
        int rc;
        try {
            rc = (int) PIPE2.invokeExact(state, fds, flags);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw new ErrnoException("pipe2", LibC.errno(state));
        }
        return ((long) fds.get(JAVA_INT, 4) << 32) | Integer.toUnsignedLong(fds.get(JAVA_INT, 0));
    }

    /** The read end of a {@link #pipe2} result. */
    public static int readEnd(long pipe) {
        return (int) pipe;
    }

    /** The write end of a {@link #pipe2} result. */
    public static int writeEnd(long pipe) {
        return (int) (pipe >>> 32);
    }

    /**
     * Moves up to {@code len} bytes from {@code fdIn} to {@code fdOut}, one of which must be a pipe; an offset of -1
     * means "the fd's own position" (required for pipes and sockets). Returns the bytes moved, 0 at end of input.
     */
    public static long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags)
            throws ErrnoException {
        MemorySegment state = LibC.callState();
        MemorySegment offsets = SCRATCH.get();
        offsets.set(JAVA_LONG, 0, offIn);
        offsets.set(JAVA_LONG, 8, offOut);
        MemorySegment in = offIn < 0 ? MemorySegment.NULL : offsets;
        MemorySegment out = offOut < 0 ? MemorySegment.NULL : offsets.asSlice(8);
        long n;
        try {
            n = (long) SPLICE.invokeExact(state, fdIn, in, fdOut, out, len, flags);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (n < 0) {
            throw new ErrnoException("splice(fd_in=" + fdIn + ", fd_out=" + fdOut + ")", LibC.errno(state));
        }
        return n;
    }

    /** Sends up to {@code count} bytes of file {@code inFd} from {@code offset} to {@code outFd}; returns the count. */
    public static long sendfile(int outFd, int inFd, long offset, long count) throws ErrnoException {
        MemorySegment state = LibC.callState();
        MemorySegment off = SCRATCH.get();
        off.set(JAVA_LONG, 0, offset);
        long n;
        try {
            n = (long) SENDFILE.invokeExact(state, outFd, inFd, off, count);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (n < 0) {
            throw new ErrnoException("sendfile(out=" + outFd + ", in=" + inFd + ")", LibC.errno(state));
        }
        return n;
    }
}
