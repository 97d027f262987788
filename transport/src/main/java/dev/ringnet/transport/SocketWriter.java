package dev.ringnet.transport;

import static dev.ringnet.linux.Sockets.MSG_NOSIGNAL;
import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_MORE;
import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_NOTIF;
import static dev.ringnet.uring.IoUringConstants.IORING_NOTIF_USAGE_ZC_COPIED;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SEND;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SEND_ZC;
import static dev.ringnet.uring.IoUringConstants.IORING_SEND_ZC_REPORT_USAGE;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SENDMSG;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SENDMSG_ZC;

import dev.ringnet.linux.Iovec;
import dev.ringnet.linux.Msghdr;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * The write side of one {@link UringSocketChannel}: at most one send in flight, built from the flushed messages of
 * the outbound buffer. One buffer goes out with SEND; several with one SENDMSG over an iovec array (gathering);
 * a {@link DefaultFileRegion} whose file is reachable is spliced file to pipe to socket ({@link FileRegionSplicer});
 * any other {@link FileRegion} is copied through a direct buffer, and counted as copied in {@link ZeroCopyStats}.
 *
 * <p>Every buffer in a send is retained until its completion: the kernel reads that memory until then, even if the
 * channel is closed and Netty releases the messages meanwhile. Event loop only.
 */
final class SocketWriter implements ChannelOutboundBuffer.MessageProcessor {
    /** The kernel's UIO_MAXIOV. */
    static final int IOV_MAX = 1024;
    /** Iovecs the first gathering write makes room for; the array grows fourfold when a send needs more. */
    static final int FIRST_IOV_CAPACITY = 16;
    private static final int REGION_CHUNK = 64 * 1024;

    private final UringSocketChannel channel;
    /**
     * msghdr followed by {@link #iovCapacity} iovecs; allocated on the first gathering write, then kept (and grown
     * up to IOV_MAX). Sized to need because it stays with the connection while it idles: a full IOV_MAX array is
     * 16 KiB of native memory per connection that ever sent two buffers at once.
     */
    private MemorySegment msg;
    private int iovCapacity;
    private ByteBuf[] retained = new ByteBuf[1];
    private int retainedCount;
    private int iovCount;
    /** Bytes in the send being built: compared with the SEND_ZC threshold. */
    private long sendBytes;
    private long firstAddress;
    private int firstLength;
    /** The chunk of a FileRegion being sent, or null. */
    private ByteBuf regionChunk;
    /** Splices DefaultFileRegions; made on the first one. */
    private FileRegionSplicer splicer;
    private boolean inFlight;
    private long userData;
    /** What the first CQE of the SEND_ZC in flight reported, kept until its notification arrives. */
    private int zcResult;

    SocketWriter(UringSocketChannel channel) {
        this.channel = channel;
    }

    boolean isInFlight() {
        return inFlight;
    }

    long userData() {
        return userData;
    }

    /**
     * Submits a send of the next flushed bytes. Returns false (and submits nothing) if the next message is a
     * FileRegion that is complete, or only empty buffers: the caller removes those and asks again.
     */
    boolean submit(ChannelOutboundBuffer in) throws Exception {
        Object current = in.current();
        if (current instanceof FileRegion region) {
            if (region.transferred() < region.count() && region instanceof DefaultFileRegion file
                    && channel.spliceFileRegions()) {
                if (splicer == null) {
                    splicer = new FileRegionSplicer(channel);
                }
                long first = splicer.start(file);
                if (first != -1) {
                    userData = first;
                    inFlight = true;
                    return true;
                }
            }
            return submitRegion(region);
        }
        iovCount = 0;
        sendBytes = 0;
        retainedCount = 0;
        in.forEachFlushedMessage(this);
        if (iovCount == 0) {
            releaseRetained();
            return false;
        }
        long sqe = channel.uring().nextSqe();
        int zcThreshold = channel.uring().sendZcThreshold();
        // Zero-copy: the kernel sends from the buffers themselves, so they stay retained until the notification CQE,
        // not the first (see sendZcCompleted); the msghdr and iovecs too, which the next send reuses only after it.
        boolean zeroCopy = zcThreshold >= 0 && sendBytes >= zcThreshold;
        if (iovCount == 1 && zeroCopy) {
            channel.uring().sq().prepSendZc(sqe, channel.fd(), firstAddress, firstLength, MSG_NOSIGNAL,
                    IORING_SEND_ZC_REPORT_USAGE);
            userData = channel.uring().track(sqe, IORING_OP_SEND_ZC, 0);
        } else if (iovCount == 1) {
            channel.uring().sq().prepSend(sqe, channel.fd(), firstAddress, firstLength, MSG_NOSIGNAL);
            userData = channel.uring().track(sqe, IORING_OP_SEND, 0);
        } else {
            msg.set(ValueLayout.JAVA_LONG, Msghdr.MSG_IOV, msg.address() + Msghdr.SIZE);
            msg.set(ValueLayout.JAVA_LONG, Msghdr.MSG_IOVLEN, iovCount);
            if (zeroCopy) {
                channel.uring().sq().prepSendmsgZc(sqe, channel.fd(), msg.address(), MSG_NOSIGNAL,
                        IORING_SEND_ZC_REPORT_USAGE);
                userData = channel.uring().track(sqe, IORING_OP_SENDMSG_ZC, 0);
            } else {
                channel.uring().sq().prepSendmsg(sqe, channel.fd(), msg.address(), MSG_NOSIGNAL);
                userData = channel.uring().track(sqe, IORING_OP_SENDMSG, 0);
            }
        }
        inFlight = true;
        return true;
    }

    /** Adds one flushed message to the iovec list; stops at the first that is not a buffer, or when full. */
    @Override
    public boolean processMessage(Object message) {
        if (!(message instanceof ByteBuf buf)) {
            return false;
        }
        int readable = buf.readableBytes();
        if (readable == 0) {
            return true;
        }
        if (buf.hasMemoryAddress()) {
            addIov(buf.memoryAddress() + buf.readerIndex(), readable);
        } else {
            for (ByteBuffer nio : buf.nioBuffers(buf.readerIndex(), readable)) {
                if (iovCount == IOV_MAX) {
                    break; // the rest goes in the next send
                }
                addIov(MemorySegment.ofBuffer(nio).address(), nio.remaining());
            }
        }
        retain(buf);
        return iovCount < IOV_MAX;
    }

    private void addIov(long address, int length) {
        sendBytes += length;
        if (iovCount == 0) {
            firstAddress = address;
            firstLength = length;
        } else {
            if (iovCount >= iovCapacity) {
                growIovs();
            }
            if (iovCount == 1) {
                putIov(0, firstAddress, firstLength);
            }
            putIov(iovCount, address, length);
        }
        iovCount++;
    }

    /**
     * Makes room for more iovecs, keeping those written so far. Called only while a send is built, when no send of
     * this channel is in flight, so the array replaced belongs to no request.
     */
    private void growIovs() {
        int capacity = iovCapacity == 0 ? FIRST_IOV_CAPACITY : Math.min(iovCapacity * 4, IOV_MAX);
        MemorySegment grown = Arena.ofAuto().allocate(Msghdr.SIZE + (long) capacity * Iovec.SIZE, 8);
        if (msg != null) {
            MemorySegment.copy(msg, 0, grown, 0, Msghdr.SIZE + (long) iovCapacity * Iovec.SIZE);
        }
        msg = grown;
        iovCapacity = capacity;
    }

    /** Iovecs the array has room for (0 before the first gathering write). */
    int iovCapacity() {
        return iovCapacity;
    }

    /** The address and length iovec {@code index} of the send being built holds. */
    long[] iov(int index) {
        long iov = Msghdr.SIZE + index * Iovec.SIZE;
        return new long[] {msg.get(ValueLayout.JAVA_LONG, iov + Iovec.IOV_BASE),
                msg.get(ValueLayout.JAVA_LONG, iov + Iovec.IOV_LEN)};
    }

    private void putIov(int index, long address, int length) {
        long iov = Msghdr.SIZE + index * Iovec.SIZE;
        msg.set(ValueLayout.JAVA_LONG, iov + Iovec.IOV_BASE, address);
        msg.set(ValueLayout.JAVA_LONG, iov + Iovec.IOV_LEN, length);
    }

    private void retain(ByteBuf buf) {
        if (retainedCount == retained.length) {
            retained = Arrays.copyOf(retained, Math.min(retained.length * 2, IOV_MAX));
        }
        retained[retainedCount++] = buf.retain();
    }

    private boolean submitRegion(FileRegion region) throws IOException {
        long remaining = region.count() - region.transferred();
        if (remaining <= 0) {
            return false;
        }
        ByteBuf chunk = channel.alloc().directBuffer((int) Math.min(remaining, REGION_CHUNK));
        try {
            long copied = region.transferTo(new ChunkTarget(chunk), region.transferred());
            if (copied <= 0) {
                throw new IOException("FileRegion produced no bytes at " + region.transferred() + " of "
                        + region.count());
            }
        } catch (IOException | RuntimeException e) {
            chunk.release();
            throw e;
        }
        regionChunk = chunk;
        sendChunk();
        return true;
    }

    private void sendChunk() {
        long sqe = channel.uring().nextSqe();
        channel.uring().sq().prepSend(sqe, channel.fd(), regionChunk.memoryAddress() + regionChunk.readerIndex(),
                regionChunk.readableBytes(), MSG_NOSIGNAL);
        userData = channel.uring().track(sqe, IORING_OP_SEND, 0);
        inFlight = true;
    }

    /**
     * A send completed with {@code written} bytes (non-negative). Updates the outbound buffer; returns true if part
     * of a FileRegion chunk is still to go and was resubmitted.
     *
     * <p>The send counts as in flight until the outbound buffer is updated: removing written messages completes
     * their promises, whose listeners may write and flush again, and such a flush must not build a send from
     * buffers whose reader index is not yet advanced (it would send their bytes twice).
     */
    boolean completed(ChannelOutboundBuffer in, int written) {
        try {
            if (regionChunk != null) {
                regionChunk.skipBytes(written);
                if (regionChunk.isReadable() && in != null) {
                    sendChunk();
                    return true;
                }
                int chunkSize = regionChunk.writerIndex();
                regionChunk.release();
                regionChunk = null;
                ZeroCopyCounters.FILE_REGION_COPIED_BYTES.add(chunkSize);
                if (in != null) {
                    in.progress(chunkSize);
                    if (in.current() instanceof FileRegion region && region.transferred() >= region.count()) {
                        in.remove();
                    }
                }
                inFlight = false;
                return false;
            }
            releaseRetained();
            if (in != null) {
                in.removeBytes(written);
            }
            inFlight = false;
            return false;
        } catch (RuntimeException e) {
            inFlight = false;
            throw e;
        }
    }

    /**
     * One CQE of a SEND_ZC or SENDMSG_ZC. The first reports the bytes sent (or -errno); flagged
     * {@code IORING_CQE_F_MORE}, it is followed by a notification ({@code IORING_CQE_F_NOTIF}) once the kernel no
     * longer reads the buffers, cancelled or failed sends included. Returns {@link Integer#MIN_VALUE} while the
     * notification is awaited (the send stays in flight, its buffers retained), else the send's result, to be
     * completed like a SEND's.
     */
    int sendZcCompleted(int res, int flags) {
        if ((flags & IORING_CQE_F_NOTIF) != 0) {
            ZeroCopyCounters.SEND_ZC_NOTIFICATIONS.increment();
            if ((res & IORING_NOTIF_USAGE_ZC_COPIED) != 0) {
                ZeroCopyCounters.SEND_ZC_COPIED.increment();
            }
            return zcResult;
        }
        ZeroCopyCounters.SEND_ZC_SENDS.increment();
        if ((flags & IORING_CQE_F_MORE) != 0) {
            zcResult = res;
            return Integer.MIN_VALUE;
        }
        return res;
    }

    /**
     * One step of a spliced FileRegion completed (see {@link FileRegionSplicer#completed}). Returns true if the
     * transfer goes on with a new request in flight, false once the region is sent and removed from {@code in}. On
     * failure the transfer is abandoned and the exception rethrown.
     *
     * <p>As with sends, the writer stays in flight until the outbound buffer is updated (see {@link #completed}).
     */
    boolean spliceCompleted(int step, int res, ChannelOutboundBuffer in) throws IOException {
        long next;
        try {
            next = splicer.completed(step, res, in);
        } catch (IOException | RuntimeException e) {
            abandoned();
            throw e;
        }
        if (next == -1) {
            inFlight = false;
            return false;
        }
        userData = next;
        return true;
    }

    /** A send or splice failed or the channel closed: drop what the request held. */
    void abandoned() {
        inFlight = false;
        if (splicer != null) {
            splicer.abandon();
        }
        releaseRetained();
        if (regionChunk != null) {
            regionChunk.release();
            regionChunk = null;
        }
    }

    private void releaseRetained() {
        for (int i = 0; i < retainedCount; i++) {
            retained[i].release();
            retained[i] = null;
        }
        retainedCount = 0;
    }

    /** Receives a FileRegion's bytes into a direct buffer. */
    private static final class ChunkTarget implements WritableByteChannel {
        private final ByteBuf chunk;

        ChunkTarget(ByteBuf chunk) {
            this.chunk = chunk;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), chunk.writableBytes());
            ByteBuffer slice = src.slice(src.position(), n);
            chunk.writeBytes(slice);
            src.position(src.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
