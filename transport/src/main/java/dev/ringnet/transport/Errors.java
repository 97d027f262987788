package dev.ringnet.transport;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;

/**
 * Maps a failed request's errno to the exception types Netty users (and Netty's own tests) expect from a socket
 * transport, keeping the call and errno name in the message.
 */
final class Errors {
    private Errors() {
    }

    /** The exception for {@code call} failing with positive {@code errno}. */
    static IOException ioException(String call, int errno) {
        String message = call + ": " + Errno.describe(errno);
        return switch (errno) {
            case Errno.ECONNREFUSED -> new ConnectException(message);
            case Errno.EHOSTUNREACH, Errno.ENETUNREACH -> new NoRouteToHostException(message);
            case Errno.EBADF -> closed(message);
            default -> new ErrnoException(call, errno);
        };
    }

    /** A connect failure: always a {@link ConnectException}, as with Netty's epoll and NIO transports. */
    static IOException connectException(int errno) {
        if (errno == Errno.EHOSTUNREACH || errno == Errno.ENETUNREACH) {
            return new NoRouteToHostException("connect: " + Errno.describe(errno));
        }
        return new ConnectException("connect: " + Errno.describe(errno));
    }

    private static IOException closed(String message) {
        ClosedChannelException e = new ClosedChannelException();
        e.initCause(new IOException(message));
        return e;
    }
}
