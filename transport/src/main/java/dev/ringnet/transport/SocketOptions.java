package dev.ringnet.transport;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Sockets;
import io.netty.channel.ChannelException;

/**
 * {@code setsockopt}/{@code getsockopt} on a channel's fd, with failures as Netty's unchecked
 * {@link ChannelException} (what the {@code ChannelConfig} contract allows).
 */
final class SocketOptions {
    private SocketOptions() {
    }

    static int getInt(int fd, int level, int option) {
        try {
            return Sockets.getsockoptInt(fd, level, option);
        } catch (ErrnoException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    static void setInt(int fd, int level, int option, int value) {
        try {
            Sockets.setsockoptInt(fd, level, option, value);
        } catch (ErrnoException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    static boolean getBoolean(int fd, int level, int option) {
        return getInt(fd, level, option) != 0;
    }

    static void setBoolean(int fd, int level, int option, boolean value) {
        setInt(fd, level, option, value ? 1 : 0);
    }
}
