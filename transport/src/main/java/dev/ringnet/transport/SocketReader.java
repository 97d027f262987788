package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_MORE;
import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_SOCK_NONEMPTY;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_POLL_ADD;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_RECV;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.Fd;
import dev.ringnet.uring.BufferRing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;

/**
 * The read side of one {@link UringSocketChannel}: a multishot RECV from the loop's shared buffer ring while autoRead
 * is on, single-shot RECVs into buffers the channel's {@link RecvByteBufAllocator} sizes otherwise, Netty's read loop
 * (reads, then one {@code channelReadComplete}), the POLLRDHUP poll that reports the peer's FIN while nothing reads,
 * and the end of input (close, or half-closure events). A {@code spliceTo} can take the input over
 * ({@link #yieldInput}); no receive is issued while it holds it. Event loop only.
 */
final class SocketReader {
    /** The user_data field {@code data} of a multishot RECV (a single-shot one has 0). */
    static final int MULTISHOT = 1;

    private final UringSocketChannel channel;
    /** The buffer of the single-shot RECV in flight (the kernel writes it until the CQE), or null. */
    private ByteBuf readBuffer;
    /** A multishot RECV from the loop's shared buffer ring is armed (until its last CQE). */
    private boolean multishot;
    /**
     * The last multishot RECV found the shared ring empty (ENOBUFS): the next RECV brings its own buffer. Re-arming
     * on the ring instead would let a few connections take every refilled buffer while the rest fail again, one
     * ENOBUFS round trip per connection for each ring's worth of bytes.
     */
    private boolean ringWasDry;
    private long readUserData;
    /** read() was called and not yet answered with data. */
    private boolean readPending;
    private boolean inputShutdownReadCompleteFired;
    /** A POLLRDHUP poll is in flight: it tells us of the peer's FIN even while nothing reads (autoRead off). */
    private boolean rdHupArmed;
    private long rdHupUserData;
    /** The peer's FIN is known: read on to the end of input whatever autoRead says, as epoll does on EPOLLRDHUP. */
    private boolean rdHupReceived;
    /** A read loop (several RECVs, one channelReadComplete) is under way: the allocator handle is not reset. */
    private boolean inReadLoop;

    SocketReader(UringSocketChannel channel) {
        this.channel = channel;
    }

    /** read() was called: answer it with the next read loop. */
    void beginRead() {
        readPending = true;
        // Before the connection is up a RECV would fail with ENOTCONN: the read stays pending until then.
        if (channel.isActive() && !channel.inputShutdownFlag()) {
            submitRecv();
        }
    }

    /** The connection is up: start the POLLRDHUP poll, and a read() that came before. */
    void connected() {
        armRdHup();
        if (readPending && channel.isOpen()) {
            submitRecv();
        }
    }

    /** autoRead was turned off: a read() not yet answered is forgotten, and a multishot RECV is stopped. */
    void clearReadPending() {
        readPending = false;
        if (multishot && !channel.config().isAutoRead()) {
            channel.uring().cancelRequest(readUserData); // what arrives before the cancel lands is still delivered
        }
    }

    /** Whether a RECV (single-shot or multishot) is in flight. */
    boolean recvInFlight() {
        return readBuffer != null || multishot;
    }

    /**
     * A spliceTo takes the input over: a pending read() is forgotten and a RECV in flight cancelled. Returns whether
     * one was in flight: the splice must wait for its last completion (whose bytes still go to the pipeline).
     */
    boolean yieldInput() {
        readPending = false;
        if (recvInFlight()) {
            channel.uring().cancelRequest(readUserData);
            return true;
        }
        return false;
    }

    /** The spliceTo ended: reading resumes as the channel wants it (at the end of input, to see the EOF). */
    void spliceEnded(boolean endOfInput) {
        if (endOfInput) {
            rdHupReceived = true;
        }
        if (readsOn()) {
            submitRecv();
        }
    }

    /** Whether reading goes on after a read loop: autoRead, a read() pending, or the peer's FIN still to be seen. */
    private boolean readsOn() {
        return channel.isOpen() && !channel.inputShutdownFlag()
                && (channel.config().isAutoRead() || readPending || rdHupReceived);
    }

    /** The channel closes: queue cancels of the RECV and the poll in flight. */
    void cancelInFlight() {
        if (recvInFlight()) {
            channel.uring().cancelRequest(readUserData);
        }
        if (rdHupArmed) {
            channel.uring().cancelRequest(rdHupUserData);
        }
    }

    /**
     * Polls for POLLRDHUP once per connection. Without it a channel with autoRead off and no read() pending would
     * never learn that the peer shut down its output, while Netty's other transports report it at once.
     */
    void armRdHup() {
        if (rdHupArmed || channel.inputShutdownFlag() || !channel.isOpen()) {
            return;
        }
        long sqe = channel.uring().nextSqe();
        channel.uring().sq().prepPollAdd(sqe, channel.fd(), Fd.POLLRDHUP, false);
        rdHupUserData = channel.uring().track(sqe, IORING_OP_POLL_ADD, 0);
        rdHupArmed = true;
    }

    void completeRdHup(int res) {
        rdHupArmed = false;
        if (res < 0 || !channel.isOpen() || channel.inputShutdownFlag()) {
            return; // cancelled at close, or the input already ended
        }
        rdHupReceived = true;
        submitRecv(); // reads what is left, then the EOF; a no-op if a RECV is in flight
    }

    /**
     * One CQE of the multishot RECV: {@code res} bytes in the ring buffer the flags name, 0 at EOF, or an error.
     * Without {@code IORING_CQE_F_MORE} the RECV is over: re-armed if reading goes on. {@code ENOBUFS} means the
     * shared ring ran dry; the bytes wait in the socket and the re-armed RECV reads them once this loop's reap has
     * refilled the ring. The read loop ends (channelReadComplete) when the kernel says nothing more is queued.
     */
    void completeMultishotRecv(int res, int flags) {
        boolean more = (flags & IORING_CQE_F_MORE) != 0;
        if (!more) {
            multishot = false;
        }
        ReadBufferRing ring = channel.uring().readBuffers();
        if (!channel.isOpen()) {
            if (res > 0 && BufferRing.hasBuffer(flags)) {
                ring.giveBack(BufferRing.bufferId(flags));
            }
            inReadLoop = false;
            return;
        }
        RecvByteBufAllocator.Handle handle = channel.unsafe().recvBufAllocHandle();
        if (res > 0) {
            ByteBuf buf = ring.take(BufferRing.bufferId(flags), res);
            if (!inReadLoop) {
                handle.reset(channel.config());
                inReadLoop = true;
            }
            handle.lastBytesRead(res);
            handle.incMessagesRead(1);
            readPending = false;
            channel.pipeline().fireChannelRead(buf);
            if (inReadLoop && ((flags & IORING_CQE_F_SOCK_NONEMPTY) == 0 || !more)) {
                endReadLoop(handle);
            }
        } else if (res == 0) {
            if (inReadLoop) {
                endReadLoop(handle);
            }
            inputClosedByPeer();
            return;
        } else if (res != -Errno.ENOBUFS && res != -Errno.ECANCELED) {
            if (inReadLoop) {
                endReadLoop(handle);
            }
            channel.pipeline().fireExceptionCaught(
                    AbstractUringChannel.errnoException("recv(fd=" + channel.fd() + ")", res));
            inputClosedByPeer();
            return;
        } else {
            if (res == -Errno.ENOBUFS) {
                ring.exhausted();
                ringWasDry = true;
            }
            if (inReadLoop) {
                endReadLoop(handle);
            }
        }
        if (!multishot && readsOn()) {
            submitRecv();
        }
    }

    /**
     * Submits a RECV unless one is already in flight (a handler may call read() while we are in a read loop). With
     * autoRead on and a shared buffer ring, one multishot RECV serves every arrival and the connection holds no read
     * buffer while idle; otherwise each RECV brings a buffer sized by the {@link RecvByteBufAllocator}, which is how
     * read() answers exactly one read loop, and so does the one RECV after the ring ran dry. A channel given its own
     * allocator (not the default adaptive one) always reads single-shot: ring buffers have one fixed size, and a user
     * who sizes reads means it.
     */
    void submitRecv() {
        if (readBuffer != null || multishot || channel.spliceHoldsInput()) {
            return; // a spliceTo reads the socket itself until it ends
        }
        ReadBufferRing ring = channel.uring().readBuffers();
        if (ring != null && !ringWasDry && channel.config().isAutoRead()
                && channel.config().getRecvByteBufAllocator() instanceof AdaptiveRecvByteBufAllocator) {
            long sqe = channel.uring().nextSqe();
            channel.uring().sq().prepRecvMultishot(sqe, channel.fd(), ring.groupId(), 0);
            readUserData = channel.uring().track(sqe, IORING_OP_RECV, MULTISHOT);
            multishot = true;
            return;
        }
        ringWasDry = false;
        RecvByteBufAllocator.Handle handle = channel.unsafe().recvBufAllocHandle();
        ByteBuf buf = handle.allocate(channel.alloc());
        if (!buf.hasMemoryAddress()) {
            int capacity = buf.writableBytes();
            buf.release();
            buf = channel.alloc().directBuffer(capacity);
        }
        handle.attemptedBytesRead(buf.writableBytes());
        long sqe = channel.uring().nextSqe();
        channel.uring().sq().prepRecv(sqe, channel.fd(), buf.memoryAddress() + buf.writerIndex(), buf.writableBytes(),
                0);
        readUserData = channel.uring().track(sqe, IORING_OP_RECV, 0);
        readBuffer = buf;
    }

    /**
     * One RECV completed. Netty's read loop is several reads then one {@code channelReadComplete}: the loop goes on
     * while the allocator handle wants more and the kernel says more data is already queued
     * ({@code IORING_CQE_F_SOCK_NONEMPTY}); otherwise it ends here, and a new RECV waits for the next arrival.
     */
    void completeRecv(int res, int flags) {
        ByteBuf buf = readBuffer;
        readBuffer = null;
        if (!channel.isOpen() || res == -Errno.ECANCELED) {
            buf.release();
            inReadLoop = false;
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        RecvByteBufAllocator.Handle handle = channel.unsafe().recvBufAllocHandle();
        if (!inReadLoop) {
            handle.reset(channel.config());
            inReadLoop = true;
        }
        if (res > 0) {
            buf.writerIndex(buf.writerIndex() + res);
            handle.lastBytesRead(res);
            handle.incMessagesRead(1);
            readPending = false;
            pipeline.fireChannelRead(buf);
            if (channel.isOpen() && (flags & IORING_CQE_F_SOCK_NONEMPTY) != 0 && handle.continueReading()) {
                submitRecv();
                return;
            }
            endReadLoop(handle);
            if (readsOn()) {
                submitRecv();
            }
        } else if (res == 0) {
            buf.release();
            handle.lastBytesRead(-1);
            endReadLoop(handle);
            inputClosedByPeer();
        } else {
            buf.release();
            endReadLoop(handle);
            pipeline.fireExceptionCaught(AbstractUringChannel.errnoException("recv(fd=" + channel.fd() + ")", res));
            inputClosedByPeer(); // as epoll does: the input ends; the channel closes unless half-closure is allowed
        }
    }

    private void endReadLoop(RecvByteBufAllocator.Handle handle) {
        inReadLoop = false;
        handle.readComplete();
        channel.pipeline().fireChannelReadComplete();
    }

    /** The peer shut down its output (EOF): close, or with ALLOW_HALF_CLOSURE tell the pipeline and keep writing. */
    private void inputClosedByPeer() {
        if (!channel.isOpen()) {
            return;
        }
        if (!channel.config().isAllowHalfClosure()) {
            channel.unsafe().close(channel.unsafe().voidPromise());
            return;
        }
        if (!channel.inputShutdownFlag()) {
            channel.markInputShutdown();
            channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        if (!inputShutdownReadCompleteFired) {
            inputShutdownReadCompleteFired = true;
            channel.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        }
    }
}
