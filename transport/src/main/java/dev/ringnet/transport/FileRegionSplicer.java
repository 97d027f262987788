package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_OP_POLL_ADD;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SPLICE;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultFileRegion;
import java.io.File;
import java.io.IOException;

/**
 * Sends one {@link DefaultFileRegion} at a time with io_uring SPLICE, file to pipe to socket, so its bytes never pass
 * through user memory. One request is in flight at a time, and its user_data {@code data} says which step it is:
 * <pre>
 *   FILL      splice(file @ position, pipe write end, min(left, pipe capacity))
 *   DRAIN     splice(pipe read end, socket, bytes in the pipe)        repeated until the pipe is empty
 *   WRITABLE  poll(socket, POLLOUT)                                   after a DRAIN found the send buffer full
 * </pre>
 * The socket is switched to {@code O_NONBLOCK} before the first splice: the kernel runs every SPLICE on an io-wq
 * worker thread, and splicing into a blocking socket would hold that thread until the peer read everything (one
 * thread per slow reader: Netty issue #15125). Non-blocking, a full send buffer answers EAGAIN at once and the
 * POLLOUT poll (which waits in the ring, on no thread) says when to go on. The pipe is non-blocking as well.
 *
 * <p>The region's write completes only once every byte has left the pipe for the socket. The pipe and the file
 * descriptor are held until the last completion of the transfer, cancellation included. Event loop only.
 */
final class FileRegionSplicer {
    /** user_data {@code data} of each step; distinct from the channel's other requests of the same opcodes. */
    static final int FILL = 0x10;
    static final int DRAIN = 0x11;
    static final int WRITABLE = 0x12;

    private final UringSocketChannel channel;
    private DefaultFileRegion region;
    private int fileFd = -1;
    /** The transport opened {@link #fileFd} itself (from the region's path) and closes it. */
    private boolean ownsFileFd;
    private PipePool.Pipe pipe;
    /** The next file offset to read, and how many bytes of the region are still to be read from the file. */
    private long position;
    private long unread;
    private int inPipe;

    FileRegionSplicer(UringSocketChannel channel) {
        this.channel = channel;
    }

    /** Whether a transfer is under way (from {@link #start} until {@link #finish} or {@link #abandon}). */
    boolean isActive() {
        return region != null;
    }

    /**
     * Starts sending the rest of {@code region} and returns the user_data of the first request, or -1 if this region
     * cannot be spliced (its file is out of reach): the caller copies it instead. Throws if the file cannot be opened.
     */
    long start(DefaultFileRegion region) throws IOException {
        if (!FileRegionFiles.reachable()) {
            return -1;
        }
        int fd = FileRegionFiles.channelFd(region);
        boolean owns = false;
        if (fd < 0) {
            File file = FileRegionFiles.path(region);
            if (file == null) {
                return -1;
            }
            try {
                fd = Fd.open(file.getPath(), Fd.O_RDONLY);
            } catch (ErrnoException e) {
                throw Errors.ioException("open(" + file + ") for a FileRegion", e.errno());
            }
            owns = true;
        }
        try {
            channel.ensureNonBlocking();
            pipe = channel.uring().pipes().acquire();
        } catch (ErrnoException e) {
            if (owns) {
                AbstractUringChannel.closeQuietly(fd, e);
            }
            throw e;
        }
        this.region = region;
        this.fileFd = fd;
        this.ownsFileFd = owns;
        this.position = region.position() + region.transferred();
        this.unread = region.count() - region.transferred();
        this.inPipe = 0;
        return fill();
    }

    private long fill() {
        int len = (int) Math.min(unread, pipe.capacity - inPipe);
        UringIoRegistration uring = channel.uring();
        long sqe = uring.nextSqe();
        uring.sq().prepSplice(sqe, fileFd, position, pipe.writeFd, -1, len, 0);
        return uring.track(sqe, IORING_OP_SPLICE, FILL);
    }

    private long drain() {
        UringIoRegistration uring = channel.uring();
        long sqe = uring.nextSqe();
        uring.sq().prepSplice(sqe, pipe.readFd, -1, channel.fd(), -1, inPipe, 0);
        return uring.track(sqe, IORING_OP_SPLICE, DRAIN);
    }

    private long awaitWritable() {
        UringIoRegistration uring = channel.uring();
        long sqe = uring.nextSqe();
        uring.sq().prepPollAdd(sqe, channel.fd(), Fd.POLLOUT, false);
        return uring.track(sqe, IORING_OP_POLL_ADD, WRITABLE);
    }

    /**
     * The request of {@code step} completed with {@code res}. Returns the user_data of the next request, or -1 when
     * the region is fully sent (it is then removed from {@code in}, completing its promise). Throws on failure; the
     * caller then {@linkplain #abandon abandons} the transfer.
     */
    long completed(int step, int res, ChannelOutboundBuffer in) throws IOException {
        if (res >= 0 && step != WRITABLE) {
            ZeroCopyCounters.SPLICE_COMPLETIONS.increment();
        }
        switch (step) {
            case FILL -> {
                if (res > 0) {
                    inPipe += res;
                    position += res;
                    unread -= res;
                    return drain();
                }
                if (res == 0) {
                    throw new IOException("splice(file fd=" + fileFd + " -> pipe): the file ends at offset "
                            + position + ", before the end of " + region);
                }
                throw Errors.ioException("splice(file fd=" + fileFd + " -> pipe fd=" + pipe.writeFd + ")", -res);
            }
            case DRAIN -> {
                if (res > 0) {
                    inPipe -= res;
                    FileRegionFiles.addTransferred(region, res);
                    ZeroCopyCounters.FILE_REGION_SPLICED_BYTES.add(res);
                    if (in != null) {
                        in.progress(res);
                    }
                    if (inPipe > 0) {
                        return drain();
                    }
                    if (unread > 0) {
                        return fill();
                    }
                    finish();
                    if (in != null) {
                        in.remove();
                    }
                    return -1;
                }
                if (res == -Errno.EAGAIN) {
                    return awaitWritable();
                }
                if (res == 0) {
                    throw new IOException("splice(pipe -> socket fd=" + channel.fd() + ") moved nothing with "
                            + inPipe + " bytes in the pipe");
                }
                throw Errors.ioException("splice(pipe fd=" + pipe.readFd + " -> socket fd=" + channel.fd() + ")",
                        -res);
            }
            case WRITABLE -> {
                if (res < 0) {
                    throw Errors.ioException("poll(socket fd=" + channel.fd() + ", POLLOUT)", -res);
                }
                return drain(); // POLLERR or POLLHUP too: the splice then reports the error itself
            }
            default -> throw new IllegalStateException("unknown FileRegion splice step " + step);
        }
    }

    /** The transfer ended with every byte sent: the pipe is empty and goes back to the pool. */
    private void finish() {
        channel.uring().pipes().release(pipe);
        release();
    }

    /**
     * The transfer stops early (a failure, or the channel closes): the pipe, which may hold bytes, is closed rather
     * than reused. Only once no request of the transfer is in flight. Does nothing if no transfer is under way.
     */
    void abandon() {
        if (region == null) {
            return;
        }
        channel.uring().pipes().discard(pipe);
        release();
    }

    private void release() {
        if (ownsFileFd) {
            try {
                Fd.close(fileFd);
            } catch (ErrnoException e) {
                // Nothing to retry: the fd is gone either way (close(2) frees it even when it reports an error).
                channel.pipeline().fireExceptionCaught(e);
            }
        }
        region = null;
        pipe = null;
        fileFd = -1;
        ownsFileFd = false;
        inPipe = 0;
    }
}
