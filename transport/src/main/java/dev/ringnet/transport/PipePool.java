package dev.ringnet.transport;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import dev.ringnet.linux.Pipes;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayDeque;

/**
 * The pipes one event loop splices through, kept for reuse: creating a pipe costs a {@code pipe2} and an
 * {@code fcntl}, and a FileRegion or {@code spliceTo} needs one for its whole transfer only.
 *
 * <p>A pipe is {@linkplain #acquire() taken} by one transfer and {@linkplain #release given back} empty; a pipe that
 * may still hold bytes (a transfer that failed or was cut by a close) is {@linkplain #discard closed} instead, since
 * its leftovers would corrupt the next transfer. Both only after the last SPLICE naming the pipe has completed: the
 * kernel holds the pipe from the SQE to the CQE. At most {@link #MAX_IDLE} idle pipes are kept; the rest are closed.
 * Event loop only.
 */
final class PipePool implements AutoCloseable {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(PipePool.class);
    /** Idle pipes kept for reuse (two fds each). */
    static final int MAX_IDLE = 16;
    /**
     * The capacities asked for each pipe, largest first. One SPLICE moves at most a pipe's capacity, and the kernel
     * runs every SPLICE on an io-wq worker thread, so a larger pipe means fewer worker hand-offs and completions per
     * MiB (here, the server's CPU per GiB of a 64 MiB file fell from 261 to 167-189 ms with 1 MiB pipes instead of
     * 256 KiB). 1 MiB is the default {@code /proc/sys/fs/pipe-max-size}. An unprivileged user may not grow a pipe
     * beyond that limit, nor at all once its pipes hold more than {@code /proc/sys/fs/pipe-user-pages-soft} pages
     * (64 MiB by default, all its processes together): the kernel answers EPERM and the next size is tried; failing
     * all, the pipe keeps the capacity it was made with (64 KiB, or 8 KiB past the soft limit).
     */
    static final int[] PIPE_CAPACITIES = {1024 * 1024, 256 * 1024};

    private final ArrayDeque<Pipe> idle = new ArrayDeque<>();
    private boolean closed;

    /** One pipe: its two ends and its capacity in bytes. */
    static final class Pipe {
        final int readFd;
        final int writeFd;
        final int capacity;

        private Pipe(int readFd, int writeFd, int capacity) {
            this.readFd = readFd;
            this.writeFd = writeFd;
            this.capacity = capacity;
        }

        @Override
        public String toString() {
            return "pipe(r=" + readFd + ", w=" + writeFd + ", " + capacity + " bytes)";
        }
    }

    /**
     * An empty pipe, from the pool or new. Both ends are non-blocking: a SPLICE that would wait on the pipe then
     * fails with EAGAIN instead of holding an io-wq worker thread.
     */
    Pipe acquire() throws ErrnoException {
        if (closed) {
            throw new IllegalStateException("the event loop's pipe pool is closed");
        }
        Pipe pipe = idle.pollFirst();
        if (pipe != null) {
            return pipe;
        }
        long fds = Pipes.pipe2(Fd.O_NONBLOCK | Fd.O_CLOEXEC);
        int readFd = Pipes.readEnd(fds);
        int writeFd = Pipes.writeEnd(fds);
        int capacity;
        try {
            capacity = grow(writeFd);
        } catch (ErrnoException e) {
            closeEnds(readFd, writeFd);
            throw e;
        }
        return new Pipe(readFd, writeFd, capacity);
    }

    /** Grows a new pipe to the largest of {@link #PIPE_CAPACITIES} the kernel allows; returns its capacity. */
    private static int grow(int writeFd) throws ErrnoException {
        for (int capacity : PIPE_CAPACITIES) {
            try {
                return Fd.fcntl(writeFd, Pipes.F_SETPIPE_SZ, capacity);
            } catch (ErrnoException e) {
                // EPERM (the limits above), or ENOMEM: a smaller pipe still splices.
            }
        }
        return Fd.fcntl(writeFd, Pipes.F_GETPIPE_SZ, 0);
    }

    /** Gives back an empty pipe that no request in flight names. */
    void release(Pipe pipe) {
        if (closed || idle.size() >= MAX_IDLE) {
            discard(pipe);
        } else {
            idle.addFirst(pipe);
        }
    }

    /** Closes a pipe that may not be empty (or is not wanted); no request in flight may name it. */
    void discard(Pipe pipe) {
        closeEnds(pipe.readFd, pipe.writeFd);
    }

    /**
     * Closes the idle pipes; pipes still held by transfers are closed when given back. Call once the ring holds no
     * request naming a pooled pipe (after the loop's drain).
     */
    @Override
    public void close() {
        closed = true;
        Pipe pipe;
        while ((pipe = idle.pollFirst()) != null) {
            discard(pipe);
        }
    }

    private static void closeEnds(int readFd, int writeFd) {
        closeEnd(readFd);
        closeEnd(writeFd);
    }

    /** close(2) frees the fd even when it reports an error: nothing to retry, only to tell. */
    private static void closeEnd(int fd) {
        try {
            Fd.close(fd);
        } catch (ErrnoException e) {
            logger.warn("closing a splice pipe end failed: {}", e.getMessage());
        }
    }
}
