package dev.ringnet.transport;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.uring.BufferRing;
import dev.ringnet.uring.Ring;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The read buffers one event loop shares among all its connections: a provided-buffer ring whose buffers are direct
 * {@link ByteBuf}s from an allocator. The kernel picks a buffer only when data arrives, so an idle connection holds
 * no read memory at all.
 *
 * <p>A filled buffer is handed to the pipeline as it is (no copy) and a fresh one from the allocator takes its slot
 * in the ring. The ring runs dry only if the kernel fills every buffer between two reaps; receives then end with
 * {@code ENOBUFS}, the bytes stay in the socket, and the channel re-arms its receive once this loop has refilled the
 * ring. Event loop only.
 */
final class ReadBufferRing implements AutoCloseable {
    /** The one buffer group each ring has. */
    static final int GROUP_ID = 0;

    private final BufferRing ring;
    private final ByteBufAllocator allocator;
    private final int bufferSize;
    /** By buffer id: the buffer in the ring under that id. */
    private final ByteBuf[] buffers;
    /** Buffers the kernel picked (counted by the loop from CQE flags) and buffers put back in their slots. */
    private long picked;
    private long replaced;
    private long dropped;
    /** Receives that found the ring empty ({@code ENOBUFS}); a sign the ring is too small for the load. */
    private long exhaustions;

    private ReadBufferRing(BufferRing ring, ByteBufAllocator allocator, int bufferSize) {
        this.ring = ring;
        this.allocator = allocator;
        this.bufferSize = bufferSize;
        this.buffers = new ByteBuf[ring.entries()];
    }

    /** Registers a ring of {@code entries} buffers of {@code bufferSize} bytes each with {@code uring}, filled. */
    static ReadBufferRing register(Ring uring, int entries, int bufferSize, ByteBufAllocator allocator)
            throws ErrnoException {
        ReadBufferRing readBuffers = new ReadBufferRing(BufferRing.register(uring, GROUP_ID, entries), allocator,
                bufferSize);
        try {
            for (int id = 0; id < entries; id++) {
                readBuffers.buffers[id] = readBuffers.newBuffer();
                readBuffers.ring.add(readBuffers.buffers[id].memoryAddress(), bufferSize, id, id);
            }
            readBuffers.ring.advance(entries);
        } catch (RuntimeException e) {
            readBuffers.close();
            throw e;
        }
        return readBuffers;
    }

    /** The buffer group to name in buffer-select SQEs. */
    int groupId() {
        return GROUP_ID;
    }

    /**
     * Takes buffer {@code bufferId}, which the kernel filled with {@code length} bytes, and puts a fresh buffer in
     * its slot. The caller owns the returned buffer.
     */
    ByteBuf take(int bufferId, int length) {
        ByteBuf filled = buffers[bufferId];
        ByteBuf fresh = newBuffer();
        buffers[bufferId] = fresh;
        ring.recycle(fresh.memoryAddress(), bufferSize, bufferId);
        replaced++;
        return filled.writerIndex(length);
    }

    /** Gives buffer {@code bufferId} back to the kernel unread (its data is not wanted: the channel closed). */
    void giveBack(int bufferId) {
        ring.recycle(buffers[bufferId].memoryAddress(), bufferSize, bufferId);
        replaced++;
    }

    /** The kernel picked a buffer for a completion being dispatched. */
    void picked() {
        picked++;
    }

    /**
     * Buffers the kernel picked that no channel has put back: 0 after every dispatch, or the ring is shrinking for
     * good (a completion with a buffer was dropped).
     */
    long missing() {
        return picked - replaced;
    }

    /** Writes off the missing buffers (after logging them), so later checks see only new losses. */
    void forgive() {
        dropped += missing();
        replaced = picked;
    }

    /** Buffers written off by {@link #forgive} so far: always 0 unless the transport has a bug. */
    long dropped() {
        return dropped;
    }

    /** A receive found the ring empty. */
    void exhausted() {
        exhaustions++;
    }

    /** How many receives found the ring empty so far. */
    long exhaustions() {
        return exhaustions;
    }

    private ByteBuf newBuffer() {
        ByteBuf buf = allocator.directBuffer(bufferSize, bufferSize);
        if (!buf.hasMemoryAddress()) {
            buf.release();
            throw new IllegalStateException("the allocator gave a direct buffer with no memory address; "
                    + "a buffer ring needs native addresses (is sun.misc.Unsafe unavailable to Netty?)");
        }
        return buf;
    }

    /**
     * Unregisters the ring and releases its buffers. Call only when no buffer-select request is in flight: the
     * kernel may write any buffer still in the ring until then.
     */
    @Override
    public void close() throws ErrnoException {
        try {
            ring.close();
        } finally {
            for (int id = 0; id < buffers.length; id++) {
                if (buffers[id] != null) {
                    buffers[id].release();
                    buffers[id] = null;
                }
            }
        }
    }
}
