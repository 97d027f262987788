package dev.ringnet.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** {@code mmap(2)} and {@code munmap(2)}, as used to map io_uring's rings. Thread-safe. */
public final class Mman {
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;

    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)} */
    private static final MethodHandle MMAP = LibC.downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    /** {@code int munmap(void *addr, size_t length)} */
    private static final MethodHandle MUNMAP = LibC.downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    /** {@code MAP_FAILED} is {@code (void *) -1}. */
    private static final long MAP_FAILED = -1L;

    private Mman() {
    }

    /**
     * Maps {@code length} bytes of {@code fd} at {@code offset} and returns a segment of that length whose memory is
     * unmapped when {@code arena} closes.
     */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset, Arena arena)
            throws ErrnoException {
        MemorySegment state = LibC.callState();
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (address.address() == MAP_FAILED) {
            throw ErrnoException.ofFd("mmap", fd, LibC.errno(state));
        }
        return address.reinterpret(length, arena, Mman::munmapQuietly);
    }

    /** Unmaps a mapping made outside an arena. */
    public static void munmap(MemorySegment mapping) throws ErrnoException {
        MemorySegment state = LibC.callState();
        int rc;
        try {
            rc = (int) MUNMAP.invokeExact(state, mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
        if (rc < 0) {
            throw new ErrnoException("munmap", LibC.errno(state));
        }
    }

    /** Arena cleanup: munmap of a range we mapped can only fail on a bug, which must not pass silently. */
    private static void munmapQuietly(MemorySegment mapping) {
        try {
            munmap(mapping);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e);
        }
    }
}
