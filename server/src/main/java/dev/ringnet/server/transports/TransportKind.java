package dev.ringnet.server.transports;

import dev.ringnet.transport.Uring;
import dev.ringnet.transport.UringIoHandler;
import dev.ringnet.transport.UringIoHandlerConfig;
import dev.ringnet.transport.UringServerSocketChannel;
import dev.ringnet.transport.UringSocketChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The transports the server can run on, best first: the order {@code --transport auto} tries them in.
 *
 * <p>Each says whether it can run here and, when it cannot, why (the transport's own probe: ours through
 * {@link Uring}, Netty's through {@code IoUring}, {@code Epoll} and {@code KQueue}). Asking costs one probe per
 * transport, done once per JVM by the transport itself; none of these methods throws for an unavailable transport
 * except {@link #ioHandlerFactory()}. Every method may be called from any thread.
 */
public enum TransportKind {
    /** Ringnet's own transport: io_uring from pure Java through the FFM API. */
    /* Our probe's cause already says what to do (seccomp, io_uring_disabled, memlock, kernel version). */
    FFM_IO_URING("ffm-io_uring", "") {
        @Override
        public boolean isAvailable() {
            return Uring.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return Uring.unavailabilityCause();
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return UringIoHandler.newFactory();
        }

        @Override
        public IoHandlerFactory ioHandlerFactory(Duration sqPollIdle) {
            return sqPollIdle == null ? ioHandlerFactory() : UringIoHandler.newFactory(sqPoll(sqPollIdle));
        }

        @Override
        public List<String> featuresInUse(Duration sqPollIdle) {
            return sqPollIdle == null ? featuresInUse() : Uring.featuresInUse(sqPoll(sqPollIdle));
        }

        private static UringIoHandlerConfig sqPoll(Duration idle) {
            return UringIoHandlerConfig.defaults().withSqPoll((int) idle.toMillis());
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return UringServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannelClass() {
            return UringSocketChannel.class;
        }

        @Override
        public boolean canSplice() {
            return true;
        }

        @Override
        public ChannelFuture spliceTo(Channel from, Channel to, ChannelProgressivePromise promise) {
            return ((UringSocketChannel) from).spliceTo((UringSocketChannel) to, Integer.MAX_VALUE, promise);
        }

        @Override
        public List<String> featuresInUse() {
            return Uring.featuresInUse(UringIoHandlerConfig.defaults());
        }
    },
    /** Netty's io_uring transport (JNI for the system calls). */
    JNI_IO_URING("jni-io_uring", "Netty's io_uring needs its native library for this platform and io_uring allowed") {
        @Override
        public boolean isAvailable() {
            return IoUring.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return IoUring.unavailabilityCause();
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            IoUring.ensureAvailability();
            return IoUringIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return IoUringServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannelClass() {
            return IoUringSocketChannel.class;
        }

        @Override
        public List<String> featuresInUse() {
            List<String> names = new ArrayList<>();
            if (!IoUring.isAvailable()) {
                return names;
            }
            addIf(names, IoUring.isAcceptMultishotEnabled(), "MULTISHOT_ACCEPT");
            addIf(names, IoUring.isRecvMultishotEnabled(), "MULTISHOT_RECV");
            addIf(names, IoUring.isRecvsendBundleEnabled(), "RECVSEND_BUNDLE");
            addIf(names, IoUring.isPollAddMultishotEnabled(), "MULTISHOT_POLL_ADD");
            addIf(names, IoUring.isRegisterBufferRingSupported(), "BUFFER_RING");
            addIf(names, IoUring.isSpliceSupported(), "SPLICE");
            addIf(names, IoUring.isIoringEnterNoIoWaitEnabled(), "ENTER_NO_IOWAIT");
            return names;
        }
    },
    /**
     * Netty's epoll transport (Linux). It does not splice for the proxy: Netty 4.2.17's (deprecated)
     * {@code AbstractEpollStreamChannel.spliceTo} shuts the source's input down on EPOLLRDHUP even when a full pipe
     * stopped the splice with bytes still unread, so a client's half-close can cut what it sent (seen here: 1 MiB
     * then a half-close lost 256 KiB or was reset in 2 of 5 tries).
     */
    EPOLL("epoll", "epoll exists only on Linux") {
        @Override
        public boolean isAvailable() {
            return Epoll.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return Epoll.unavailabilityCause();
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            Epoll.ensureAvailability();
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannelClass() {
            return EpollSocketChannel.class;
        }
    },
    /** Netty's kqueue transport (macOS and the BSDs). */
    KQUEUE("kqueue", "kqueue exists only on macOS and BSD") {
        @Override
        public boolean isAvailable() {
            return KQueue.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return KQueue.unavailabilityCause();
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            KQueue.ensureAvailability();
            return KQueueIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return KQueueServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannelClass() {
            return KQueueSocketChannel.class;
        }
    },
    /** Netty's NIO transport: the JDK's selector, available everywhere. */
    NIO("nio", "") {
        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public Throwable unavailabilityCause() {
            return null;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannelClass() {
            return NioSocketChannel.class;
        }
    };

    private final String displayName;
    private final String limitation;

    TransportKind(String displayName, String limitation) {
        this.displayName = displayName;
        this.limitation = limitation;
    }

    /** The name users give to {@code --transport} and see in logs and the startup line. */
    public String displayName() {
        return displayName;
    }

    /** When this transport cannot run, in general terms (the cause says what happened here); may be empty. */
    String limitation() {
        return limitation;
    }

    /** Whether this transport can run on this host and JVM. */
    public abstract boolean isAvailable();

    /** Why this transport cannot run here, or null if it can. */
    public abstract Throwable unavailabilityCause();

    /**
     * The factory for this transport's event loops.
     *
     * @throws RuntimeException or {@link Error} (Netty's {@code UnsatisfiedLinkError}) if it is unavailable
     */
    public abstract IoHandlerFactory ioHandlerFactory();

    /**
     * The factory for this transport's event loops, with {@code sqPollIdle} (null: none) for the SQPOLL mode.
     *
     * @throws IllegalArgumentException for an SQPOLL idle time on a transport that has no SQPOLL mode
     */
    public IoHandlerFactory ioHandlerFactory(Duration sqPollIdle) {
        if (sqPollIdle != null) {
            throw new IllegalArgumentException(displayName() + " has no SQPOLL mode");
        }
        return ioHandlerFactory();
    }

    /** {@link #featuresInUse()} of event loops made by {@link #ioHandlerFactory(Duration)}. */
    public List<String> featuresInUse(Duration sqPollIdle) {
        return featuresInUse();
    }

    /** The listening socket channel class. */
    public abstract Class<? extends ServerSocketChannel> serverChannelClass();

    /** The connecting socket channel class (the proxy's upstream connections). */
    public abstract Class<? extends SocketChannel> clientChannelClass();

    /** The optional io_uring features this transport uses here, by name; empty for the others. */
    public List<String> featuresInUse() {
        return List.of();
    }

    /** Whether {@link #spliceTo} can move bytes between two of this transport's sockets. */
    public boolean canSplice() {
        return false;
    }

    /**
     * Moves what {@code from} receives to {@code to} through a pipe, never through Java buffers, until the end of
     * {@code from}'s input (then the promise succeeds and {@code from} reads on, so its pipeline sees the end of
     * input); {@code promise} hears of the bytes moved so far. It fails if either side fails or closes first. Both
     * must be this transport's connected sockets on one event loop, and nothing else may write to {@code to} while
     * it runs.
     *
     * @throws UnsupportedOperationException if {@link #canSplice()} is false
     */
    public ChannelFuture spliceTo(Channel from, Channel to, ChannelProgressivePromise promise) {
        throw new UnsupportedOperationException(displayName + " cannot splice");
    }

    /** The transport named {@code name} (its {@link #displayName()}), or null. */
    public static TransportKind forName(String name) {
        for (TransportKind kind : values()) {
            if (kind.displayName.equals(name)) {
                return kind;
            }
        }
        return null;
    }

    /** All names, comma separated, for messages. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (TransportKind kind : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(kind.displayName);
        }
        return sb.toString();
    }

    private static void addIf(List<String> names, boolean condition, String name) {
        if (condition) {
            names.add(name);
        }
    }
}
