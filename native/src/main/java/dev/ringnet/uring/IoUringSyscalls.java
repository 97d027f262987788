package dev.ringnet.uring;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ringnet.linux.LibC;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The three io_uring system calls, reached through libc's variadic {@code syscall(2)}: glibc has no wrappers for
 * them. Each returns the kernel's non-negative result or {@code -errno}; no policy, no exceptions.
 *
 * <p>{@code long syscall(long number, ...)} returns -1 and sets errno on failure; every argument is passed as a
 * {@code long}, which is how the kernel ABI takes them on x86-64 and aarch64.
 */
final class IoUringSyscalls {
    private static final FunctionDescriptor SYSCALL6 = FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    /** For calls that may sleep in the kernel (a waiting io_uring_enter). */
    private static final MethodHandle SYSCALL = LibC.downcall("syscall", SYSCALL6, Linker.Option.firstVariadicArg(1));

    private IoUringSyscalls() {
    }

    /** {@code int io_uring_setup(u32 entries, struct io_uring_params *p)}: the ring fd or -errno. */
    static int setup(MemorySegment state, int entries, MemorySegment params) {
        return call(state, IoUringConstants.NR_IO_URING_SETUP, entries, params.address(), 0, 0, 0, 0);
    }

    /**
     * {@code int io_uring_enter(int fd, u32 to_submit, u32 min_complete, u32 flags, const void *arg, size_t argsz)}:
     * the number of SQEs consumed, or -errno.
     */
    static int enter(MemorySegment state, int fd, int toSubmit, int minComplete, int flags, long arg, long argSize) {
        return call(state, IoUringConstants.NR_IO_URING_ENTER, fd, toSubmit, minComplete, flags, arg, argSize);
    }

    /** {@code int io_uring_register(int fd, unsigned opcode, void *arg, unsigned nr_args)}: result or -errno. */
    static int register(MemorySegment state, int fd, int opcode, long arg, int nrArgs) {
        return call(state, IoUringConstants.NR_IO_URING_REGISTER, fd, opcode, arg, nrArgs, 0, 0);
    }

    private static int call(MemorySegment state, long nr, long a, long b, long c, long d, long e, long f) {
        long rc;
        try {
            rc = (long) SYSCALL.invokeExact(state, nr, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        return rc < 0 ? -LibC.errno(state) : (int) rc;
    }
}
