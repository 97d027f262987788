package dev.ringnet.transport;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * What every channel of this transport shares: one socket fd, its registration with the event loop's
 * {@link UringIoHandler}, and closing without freeing anything the kernel still uses.
 *
 * <p>Requests are submitted on the event loop thread; their completions arrive in {@link AbstractUringUnsafe#handle}
 * and go to {@link AbstractUringUnsafe#complete}, one opcode at a time. Subclasses add reading, writing and
 * connecting.
 */
abstract class AbstractUringChannel extends AbstractChannel {
    /** The socket; -1 once closed. Written only by the event loop (and the constructor). */
    protected int fd;
    /** {@code AF_INET6} (dual-stack) or {@code AF_INET}. */
    protected final int family;
    private volatile boolean open = true;
    /** Netty's wrapper of our registration: cancel goes through it so Netty's bookkeeping stays right. */
    private IoRegistration registration;
    /** Our registration, for SQE-level submission. */
    protected UringIoRegistration uring;
    protected volatile SocketAddress local;
    protected volatile SocketAddress remote;

    protected AbstractUringChannel(Channel parent, int fd, int family) {
        super(parent);
        this.fd = fd;
        this.family = family;
    }

    /** The socket's file descriptor, or -1 once closed. */
    public final int fd() {
        return fd;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop ioLoop && ioLoop.isCompatible(AbstractUringUnsafe.class);
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        ((IoEventLoop) eventLoop()).register((AbstractUringUnsafe) unsafe()).addListener(f -> {
            if (f.isSuccess()) {
                registration = (IoRegistration) f.getNow();
                uring = registration.attachment();
                promise.setSuccess();
                registered();
            } else {
                promise.setFailure(f.cause());
            }
        });
    }

    /** The channel is registered with its loop and may submit requests. Event loop only. */
    protected void registered() {
    }

    @Override
    protected void doDeregister() {
        if (registration != null) {
            registration.cancel();
        }
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    /**
     * Cancels this channel's requests in flight and closes the fd. Queued SQEs are submitted first: a request takes
     * its own reference to the socket when the kernel consumes it, so after that the fd number can go, and the
     * kernel releases the socket (sending FIN or RST) when the last request on it has completed.
     */
    @Override
    protected void doClose() throws Exception {
        open = false;
        if (uring != null) {
            cancelInFlight();
            uring.submitNow();
        }
        int closing = fd;
        fd = -1;
        if (closing >= 0) {
            Fd.close(closing);
        }
    }

    /** Queues cancels for every request this channel has in flight. Event loop only. */
    protected abstract void cancelInFlight();

    /** Turns a failed result ({@code -errno}) into the exception Netty's other transports raise for it. */
    protected static IOException errnoException(String call, int res) {
        return Errors.ioException(call, -res);
    }

    /** The {@link UringIoHandle} of a channel: completions come here. */
    abstract class AbstractUringUnsafe extends AbstractUnsafe implements UringIoHandle {
        @Override
        public final void handle(IoRegistration registration, IoEvent event) {
            UringIoEvent e = (UringIoEvent) event;
            complete(e.opcode(), e.res(), e.flags(), e.data());
        }

        /** One completion of a request this channel submitted. Event loop only. */
        protected abstract void complete(int opcode, int res, int flags, int data);

        @Override
        public void close() {
            close(voidPromise());
        }
    }

    /** Closes an fd that never became a channel's, attaching any failure to {@code cause}. */
    static void closeQuietly(int fd, Throwable cause) {
        try {
            Fd.close(fd);
        } catch (ErrnoException e) {
            cause.addSuppressed(e);
        }
    }
}
