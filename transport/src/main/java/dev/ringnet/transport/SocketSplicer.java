package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_OP_POLL_ADD;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SPLICE;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * The {@code spliceTo} of one {@link UringSocketChannel}: moves bytes from its socket into a target fd (another
 * channel's socket, a pipe, a file) through a pipe of the loop's pool, with SPLICE, one request in flight at a time:
 * <pre>
 *   IN        splice(source socket, pipe write end, min(left, pipe capacity))    only when the pipe is empty
 *   OUT       splice(pipe read end, target, bytes in the pipe)                     until the pipe is empty
 *   READABLE  poll(source, POLLIN)     after IN met EAGAIN (nothing to read yet)
 *   WRITABLE  poll(target, POLLOUT)    after OUT met EAGAIN (the target is full)
 * </pre>
 * Backpressure is the pipe: nothing more is read from the source until the target took every byte already read, so a
 * slow target slows the source's reads and the TCP window does the rest. Both sockets are {@code O_NONBLOCK} (see
 * {@link FileRegionSplicer} for why: no io-wq thread waits on a socket).
 *
 * <p>A {@link ChannelProgressivePromise} hears of every leg out of the pipe: bytes moved so far, and {@code len} (-1
 * for {@link Integer#MAX_VALUE}). The promise succeeds when {@code len} bytes reached the target, or at the source's
 * end of input when {@code len} is {@link Integer#MAX_VALUE}; it fails on an error of either side, on an end of
 * input before {@code len} bytes, or when the source closes. Cancelling it stops the splice. The pipe goes back to
 * the pool only empty, else it is closed, and only after the last request naming it completed. Event loop only.
 */
final class SocketSplicer {
    static final int IN = 0x20;
    static final int OUT = 0x21;
    static final int READABLE = 0x22;
    static final int WRITABLE = 0x23;

    private final UringSocketChannel source;
    private ChannelPromise promise;
    /** The target's fd, and its file offset (-1 for pipes and sockets). */
    private int targetFd = -1;
    private long targetOffset;
    /** The channel whose socket is the target, or null for a bare fd. */
    private UringSocketChannel target;
    private int len;
    private long moved;
    private int inPipe;
    private boolean endOfInput;
    private PipePool.Pipe pipe;
    /** Waiting for a receive in flight on the source to end before the first IN. */
    private boolean waitingForRecv;
    private boolean requestInFlight;
    private long userData;

    SocketSplicer(UringSocketChannel source) {
        this.source = source;
    }

    /** A splice was asked for and has not ended: the source's input belongs to it. */
    boolean holdsInput() {
        return promise != null;
    }

    boolean waitingForRecv() {
        return waitingForRecv;
    }

    /** The user_data of the request in flight, or -1. */
    long inFlight() {
        return requestInFlight ? userData : -1;
    }

    /**
     * Takes a new splice into {@code target} (or the bare {@code fd} when target is null); it starts with
     * {@link #begin} once no receive is in flight on the source. Fails the promise at once if it cannot start.
     */
    void prepare(UringSocketChannel target, int fd, long offset, int len, ChannelPromise promise,
            boolean recvInFlight) {
        if (holdsInput()) {
            promise.setFailure(new IllegalStateException("a spliceTo is already under way on " + source));
            return;
        }
        if (len <= 0) {
            promise.setFailure(new IllegalArgumentException("len must be positive: " + len));
            return;
        }
        try {
            source.ensureNonBlocking();
            if (target != null) {
                target.ensureNonBlocking();
            }
            pipe = source.uring().pipes().acquire();
        } catch (ErrnoException e) {
            promise.setFailure(e);
            return;
        }
        this.promise = promise;
        this.target = target;
        this.targetFd = fd;
        this.targetOffset = offset;
        this.len = len;
        this.moved = 0;
        this.inPipe = 0;
        this.endOfInput = false;
        this.waitingForRecv = recvInFlight;
        if (!recvInFlight) {
            begin();
        }
    }

    /** Starts the splice prepared (the source has no receive in flight any more). */
    void begin() {
        waitingForRecv = false;
        if (promise.isDone() || !source.isOpen()) {
            end(promise.isDone() ? null : new ClosedChannelException());
            return;
        }
        submitIn();
    }

    private void submitIn() {
        int want = (int) Math.min(len == Integer.MAX_VALUE ? Integer.MAX_VALUE : len - moved, pipe.capacity);
        UringIoRegistration uring = source.uring();
        long sqe = uring.nextSqe();
        uring.sq().prepSplice(sqe, source.fd(), -1, pipe.writeFd, -1, want, 0);
        track(uring, sqe, IORING_OP_SPLICE, IN);
    }

    private void submitOut() {
        if (target != null && !target.isOpen()) {
            end(new ClosedChannelException());
            return;
        }
        UringIoRegistration uring = source.uring();
        long sqe = uring.nextSqe();
        uring.sq().prepSplice(sqe, pipe.readFd, -1, targetFd, targetOffset < 0 ? -1 : targetOffset + moved, inPipe,
                0);
        track(uring, sqe, IORING_OP_SPLICE, OUT);
    }

    private void submitPoll(int fd, int events, int step) {
        UringIoRegistration uring = source.uring();
        long sqe = uring.nextSqe();
        uring.sq().prepPollAdd(sqe, fd, events, false);
        track(uring, sqe, IORING_OP_POLL_ADD, step);
    }

    private void track(UringIoRegistration uring, long sqe, int opcode, int step) {
        userData = uring.track(sqe, opcode, step);
        requestInFlight = true;
    }

    /** The request of {@code step} completed with {@code res}. */
    void completed(int step, int res) {
        requestInFlight = false;
        if (promise.isDone()) {
            end(null); // cancelled by the user meanwhile
            return;
        }
        if (res == -Errno.ECANCELED || !source.isOpen()) {
            end(new ClosedChannelException());
            return;
        }
        if (res >= 0 && (step == IN || step == OUT)) {
            ZeroCopyCounters.SPLICE_COMPLETIONS.increment();
        }
        switch (step) {
            case IN -> completedIn(res);
            case OUT -> completedOut(res);
            case READABLE -> next(res, "poll(source fd=" + source.fd() + ", POLLIN)", true);
            case WRITABLE -> next(res, "poll(target fd=" + targetFd + ", POLLOUT)", false);
            default -> end(new IllegalStateException("unknown spliceTo step " + step));
        }
    }

    private void completedIn(int res) {
        if (res > 0) {
            inPipe = res;
            submitOut();
        } else if (res == 0) {
            endOfInput = true;
            if (len == Integer.MAX_VALUE) {
                end(null);
            } else {
                end(new IOException("spliceTo: the source's input ended after " + moved + " of " + len + " bytes"));
            }
        } else if (res == -Errno.EAGAIN) {
            submitPoll(source.fd(), Fd.POLLIN | Fd.POLLRDHUP, READABLE);
        } else {
            end(Errors.ioException("splice(socket fd=" + source.fd() + " -> pipe fd=" + pipe.writeFd + ")", -res));
        }
    }

    private void completedOut(int res) {
        if (res > 0) {
            inPipe -= res;
            moved += res;
            ZeroCopyCounters.SPLICE_TO_BYTES.add(res);
            if (promise instanceof ChannelProgressivePromise progressive) {
                progressive.tryProgress(moved, len == Integer.MAX_VALUE ? -1 : len);
            }
            if (inPipe > 0) {
                submitOut();
            } else if (moved == len) {
                end(null);
            } else {
                submitIn();
            }
        } else if (res == -Errno.EAGAIN) {
            submitPoll(targetFd, Fd.POLLOUT, WRITABLE);
        } else if (res == 0) {
            end(new IOException("splice(pipe -> fd=" + targetFd + ") moved nothing with " + inPipe + " bytes in it"));
        } else {
            end(Errors.ioException("splice(pipe fd=" + pipe.readFd + " -> fd=" + targetFd + ")", -res));
        }
    }

    /** A poll completed: retry the splice it waited for (which reports POLLERR/POLLHUP as its own error). */
    private void next(int res, String call, boolean in) {
        if (res < 0) {
            end(Errors.ioException(call, -res));
        } else if (in) {
            submitIn();
        } else {
            submitOut();
        }
    }

    /** Ends the splice: success if {@code cause} is null. Frees the pipe (pooled only if empty). */
    private void end(Throwable cause) {
        ChannelPromise ended = promise;
        boolean eof = endOfInput; // read before the listeners run: one may start the next splice, resetting it
        if (inPipe == 0) {
            source.uring().pipes().release(pipe);
        } else {
            source.uring().pipes().discard(pipe);
        }
        pipe = null;
        promise = null;
        target = null;
        targetFd = -1;
        waitingForRecv = false;
        if (cause == null) {
            ended.trySuccess();
        } else {
            ended.tryFailure(cause);
        }
        source.spliceEnded(eof);
    }
}
