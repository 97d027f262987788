package dev.ringnet.linux;

import java.io.IOException;

/**
 * A failed system call: names the call, its main argument where it has one, and the errno, as in
 * {@code accept4(fd=7): EMFILE (too many open files)}.
 *
 * <p>The message is built only when the exception is, so a hot path pays nothing until something fails.
 */
public class ErrnoException extends IOException {
    private final String call;
    private final int errno;

    /** A failure of {@code call} (for example {@code "socket"}) with {@code errno}. */
    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    /** A failure of {@code call} on file descriptor {@code fd}, rendered as {@code call(fd=N)}. */
    public static ErrnoException ofFd(String call, int fd, int errno) {
        return new ErrnoException(call + "(fd=" + fd + ")", errno);
    }

    /** The call as named in the message, for example {@code accept4(fd=7)}. */
    public String call() {
        return call;
    }

    /** The positive errno value, for example {@link Errno#EAGAIN}. */
    public int errno() {
        return errno;
    }
}
