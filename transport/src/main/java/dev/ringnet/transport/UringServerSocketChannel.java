package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_MORE;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_ACCEPT;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.Sockets;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ServerSocketChannel;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A listening TCP socket whose connections are accepted through the ring: multishot accept where the kernel has it
 * (one request for every connection), single-shot accept otherwise or when reading is not automatic.
 */
public final class UringServerSocketChannel extends AbstractUringChannel implements ServerSocketChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /** Back-off after accept failed for lack of fds (EMFILE/ENFILE), instead of spinning on the error. */
    private static final long ACCEPT_BACKOFF_MILLIS = 10;

    private final UringServerSocketChannelConfig config;
    private volatile boolean active;
    private boolean acceptPending;
    private boolean acceptMultishot;
    private long acceptUserData;
    /** read() was called with autoRead off: accept one more connection. */
    private boolean readPending;
    /** Address objects shared by the connections accepted here. */
    private final AcceptedAddresses acceptedAddresses = new AcceptedAddresses();

    /** An unbound server socket, dual-stack where the host has IPv6. */
    public UringServerSocketChannel() {
        this(Addresses.newStreamSocket());
    }

    private UringServerSocketChannel(int fd) {
        super(null, fd, Addresses.family(fd));
        this.config = new UringServerSocketChannelConfig(this);
    }

    @Override
    public UringServerSocketChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isActive() {
        return active && isOpen();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    /** The addresses the connections accepted here share; its event loop only. */
    AcceptedAddresses acceptedAddresses() {
        return acceptedAddresses;
    }

    @Override
    protected AbstractUringUnsafe newUnsafe() {
        return new ServerUnsafe();
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        config.applyBeforeBind();
        Addresses.bind(fd, family, localAddress);
        Sockets.listen(fd, config.getBacklog());
        local = Addresses.local(fd);
        active = true;
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        if (!acceptPending) {
            submitAccept();
        }
    }

    private void submitAccept() {
        long sqe = uring.nextSqe();
        // Multishot only while reading is automatic: with autoRead off each read() must accept one connection.
        acceptMultishot = config.isAutoRead() && Uring.multishotAccept(uring.features());
        if (acceptMultishot) {
            uring.sq().prepMultishotAccept(sqe, fd, Sockets.SOCK_CLOEXEC);
        } else {
            uring.sq().prepAccept(sqe, fd, MemorySegment.NULL, MemorySegment.NULL, Sockets.SOCK_CLOEXEC);
        }
        acceptUserData = uring.track(sqe, IORING_OP_ACCEPT, 0);
        acceptPending = true;
    }

    /** autoRead was turned off: a multishot accept would keep accepting, so stop it. */
    void autoReadCleared() {
        if (eventLoop().inEventLoop()) {
            readPending = false;
            if (acceptPending && acceptMultishot) {
                uring.cancelRequest(acceptUserData);
            }
        } else {
            eventLoop().execute(this::autoReadCleared);
        }
    }

    @Override
    protected void cancelInFlight() {
        if (acceptPending) {
            uring.cancelRequest(acceptUserData);
        }
    }

    @Override
    protected void doDisconnect() {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        throw new UnsupportedOperationException();
    }

    private final class ServerUnsafe extends AbstractUringUnsafe {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a server socket does not connect"));
        }

        @Override
        protected void complete(int opcode, int res, int flags, int data) {
            if ((flags & IORING_CQE_F_MORE) == 0) {
                acceptPending = false;
            }
            if (!isOpen()) {
                if (res >= 0) {
                    closeQuietly(res, new IllegalStateException("accepted after close"));
                }
                return;
            }
            ChannelPipeline pipeline = pipeline();
            if (res >= 0) {
                readPending = false;
                RecvByteBufAllocator.Handle handle = recvBufAllocHandle();
                handle.reset(config);
                handle.incMessagesRead(1);
                pipeline.fireChannelRead(new UringSocketChannel(UringServerSocketChannel.this, res, family));
                handle.readComplete();
                pipeline.fireChannelReadComplete();
            } else if (res == -Errno.ECANCELED) {
                return;
            } else {
                pipeline.fireExceptionCaught(errnoException("accept(fd=" + fd + ")", res));
                if (res == -Errno.EMFILE || res == -Errno.ENFILE) {
                    // Out of fds: retry shortly rather than at once, or the loop would spin on the same error.
                    eventLoop().schedule(this::acceptAgainIfWanted, ACCEPT_BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                }
            }
            acceptAgainIfWanted();
        }

        private void acceptAgainIfWanted() {
            if (isOpen() && !acceptPending && (config.isAutoRead() || readPending)) {
                submitAccept();
            }
        }
    }
}
