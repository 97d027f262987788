package dev.ringnet.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The bridge to the C library: builds downcall handles and captures {@code errno}.
 *
 * <p>Every handle made by {@link #downcall} takes, as its first argument, a call-state segment into which the
 * JVM copies {@code errno} right after the call. That segment is allocated once per thread ({@link #callState()})
 * and read with {@link #errno} only after the call reported failure: on success its content is stale.
 *
 * <p>Handles must be stored in {@code static final} fields by their callers so the JIT can constant-fold them.
 * All methods are thread-safe.
 */
public final class LibC {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE_LAYOUT.varHandle(PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** One segment per thread; {@code Arena.ofAuto()} lets it go with the thread. */
    private static final ThreadLocal<MemorySegment> CALL_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE_LAYOUT));

    private LibC() {
    }

    /**
     * Returns a handle to the libc function {@code name} that captures errno: its type is that of {@code fd} with a
     * leading {@link MemorySegment} (the call state) parameter.
     *
     * @throws UnsatisfiedLinkError if libc has no such symbol
     */
    public static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = CAPTURE_ERRNO;
        return LINKER.downcallHandle(symbol(name), fd, all);
    }

    /** Returns a handle to the libc function {@code name} for calls that cannot fail (no errno captured). */
    public static MethodHandle downcallNoErrno(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** Layout of the call-state segment, for owners that keep their own (for example one per ring). */
    public static StructLayout callStateLayout() {
        return CALL_STATE_LAYOUT;
    }

    /** The calling thread's call-state segment. Allocates only on a thread's first call. */
    public static MemorySegment callState() {
        return CALL_STATE.get();
    }

    /** The errno captured in {@code callState} by the last failed call that used it. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /**
     * Wraps a {@link Throwable} thrown by {@code invokeExact} itself (a wrong handle type, never a C failure) so
     * that callers need not declare it.
     */
    public static AssertionError unexpected(Throwable t) {
        return new AssertionError("downcall failed in the JVM, not in C: " + t, t);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }
}
