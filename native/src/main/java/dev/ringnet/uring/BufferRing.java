package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.IORING_CQE_BUFFER_SHIFT;
import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_BUFFER;
import static dev.ringnet.uring.IoUringConstants.IORING_REGISTER_PBUF_RING;
import static dev.ringnet.uring.IoUringConstants.IORING_UNREGISTER_PBUF_RING;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.ringnet.linux.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * A provided-buffer ring ({@code IORING_REGISTER_PBUF_RING}, Linux 5.19): a ring of {@code struct io_uring_buf}
 * entries from which the kernel picks a buffer for each buffer-select receive, so that reads need no buffer per
 * idle connection. The buffers themselves are the caller's memory, named by address and a 16-bit buffer id.
 *
 * <p>Liburing's verbs: {@link #add} writes entries past the tail, {@link #advance} publishes them,
 * {@link #recycle} does both for one buffer. Not thread-safe: only the ring's owning thread may call it.
 */
public final class BufferRing implements AutoCloseable {
    private static final VarHandle SHORT = JAVA_SHORT.varHandle().withInvokeExactBehavior();
    private static final long PAGE_SIZE = 4096;
    /** The kernel's limit on entries ({@code 1 << 15}). */
    public static final int MAX_ENTRIES = 32768;

    private final Ring ring;
    private final Arena arena;
    private final MemorySegment entries;
    private final int groupId;
    private final int mask;
    /** Our tail; the kernel sees it when published by {@link #advance}. It wraps at 16 bits like the kernel's. */
    private int tail;
    private boolean closed;

    private BufferRing(Ring ring, Arena arena, MemorySegment entries, int groupId, int count) {
        this.ring = ring;
        this.arena = arena;
        this.entries = entries;
        this.groupId = groupId;
        this.mask = count - 1;
    }

    /**
     * Registers an empty buffer ring of {@code count} entries (a power of two up to {@link #MAX_ENTRIES}) as buffer
     * group {@code groupId} of {@code ring}.
     */
    public static BufferRing register(Ring ring, int groupId, int count) throws ErrnoException {
        if (count <= 0 || count > MAX_ENTRIES || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("buffer ring entries must be a power of two <= 32768: " + count);
        }
        if (groupId < 0 || groupId > 0xffff) {
            throw new IllegalArgumentException("buffer group id must fit 16 bits: " + groupId);
        }
        Arena arena = Arena.ofShared();
        try {
            // The kernel pins this memory and requires it page-aligned.
            MemorySegment entries = arena.allocate(count * IoUringBuf.SIZE, PAGE_SIZE);
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment reg = scratch.allocate(IoUringBufReg.LAYOUT);
                reg.set(JAVA_LONG, IoUringBufReg.RING_ADDR, entries.address());
                reg.set(JAVA_INT, IoUringBufReg.RING_ENTRIES, count);
                reg.set(JAVA_SHORT, IoUringBufReg.BGID, (short) groupId);
                ring.check("IORING_REGISTER_PBUF_RING", ring.register(IORING_REGISTER_PBUF_RING, reg.address(), 1));
            }
            return new BufferRing(ring, arena, entries, groupId, count);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    /** The buffer group id to put in SQEs ({@link SubmissionQueue#setBufGroup}). */
    public int groupId() {
        return groupId;
    }

    /** Number of entries. */
    public int entries() {
        return mask + 1;
    }

    /**
     * Writes buffer {@code bufferId} ({@code len} bytes at native address {@code address}) into the slot
     * {@code offset} places past the tail. Invisible to the kernel until {@link #advance}.
     */
    public void add(long address, int len, int bufferId, int offset) {
        long entry = (long) ((tail + offset) & mask) * IoUringBuf.SIZE;
        entries.set(JAVA_LONG, entry + IoUringBuf.ADDR, address);
        entries.set(JAVA_INT, entry + IoUringBuf.LEN, len);
        entries.set(JAVA_SHORT, entry + IoUringBuf.BID, (short) bufferId);
    }

    /** Publishes the next {@code count} entries written by {@link #add}. */
    public void advance(int count) {
        tail += count;
        // Release: the entries' contents are visible before the kernel, which loads the tail with acquire, sees it.
        SHORT.setRelease(entries, IoUringBuf.RING_TAIL, (short) tail);
    }

    /** Gives one buffer (back) to the kernel: {@link #add} at offset 0, then {@link #advance}(1). */
    public void recycle(long address, int len, int bufferId) {
        add(address, len, bufferId, 0);
        advance(1);
    }

    /** Whether a CQE's flags say the kernel picked a buffer for it. */
    public static boolean hasBuffer(int cqeFlags) {
        return (cqeFlags & IORING_CQE_F_BUFFER) != 0;
    }

    /** The buffer id a CQE carries (valid when {@link #hasBuffer}). */
    public static int bufferId(int cqeFlags) {
        return cqeFlags >>> IORING_CQE_BUFFER_SHIFT;
    }

    /**
     * Unregisters the group and frees the entry ring (not the buffers, which are the caller's). Receives still
     * waiting on this group then fail with {@code ENOBUFS}; cancel them first. Idempotent.
     */
    @Override
    public void close() throws ErrnoException {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment reg = scratch.allocate(IoUringBufReg.LAYOUT);
            reg.set(JAVA_SHORT, IoUringBufReg.BGID, (short) groupId);
            ring.check("IORING_UNREGISTER_PBUF_RING", ring.register(IORING_UNREGISTER_PBUF_RING, reg.address(), 1));
        } finally {
            arena.close();
        }
    }
}
