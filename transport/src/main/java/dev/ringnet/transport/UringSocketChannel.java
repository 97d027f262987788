package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_OP_CONNECT;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_POLL_ADD;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_RECV;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SENDMSG_ZC;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SEND_ZC;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SPLICE;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import dev.ringnet.linux.SockAddr;
import dev.ringnet.linux.Sockets;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.PromiseNotifier;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.util.concurrent.TimeUnit;

/**
 * A TCP connection on the ring: CONNECT to open it, RECVs for reads (multishot from the loop's shared buffer ring, or
 * one at a time into a buffer sized by the channel's {@link RecvByteBufAllocator}: see {@link SocketReader}),
 * SEND/SENDMSG for writes (see {@link SocketWriter}), SO_LINGER 0 for RST on close, and half-closure as Netty defines
 * it.
 *
 * <p>Zero-copy paths, each counted in {@link Uring#zeroCopyStats()}:
 * <ul>
 *   <li>A {@link io.netty.channel.DefaultFileRegion} is spliced file to pipe to socket with SPLICE, under the full
 *       feature set. One made from a {@link java.io.File} always can be; one made from a
 *       {@link java.nio.channels.FileChannel} only when the JVM runs with
 *       {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED} (its fd is
 *       private to java.base). Any other {@link FileRegion} is copied through a direct buffer.</li>
 *   <li>{@link #spliceTo(UringSocketChannel, int, ChannelPromise)} moves bytes from this socket to another channel's
 *       (a proxy) or to a file descriptor without reading them into the JVM.</li>
 *   <li>Sends of at least {@link UringIoHandlerConfig#sendZcThreshold()} bytes go out with SEND_ZC (one buffer)
 *       or SENDMSG_ZC (gathered).</li>
 * </ul>
 * The first splice makes the socket {@code O_NONBLOCK} (see {@link FileRegionSplicer}).
 */
public final class UringSocketChannel extends AbstractUringChannel implements SocketChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /** How long a send in flight at close may still take before it is cancelled. */
    private static final long CLOSE_SEND_GRACE_MILLIS = 2000;

    private final UringSocketChannelConfig config;
    private final SocketWriter writer = new SocketWriter(this);
    private final SocketReader reader = new SocketReader(this);
    private volatile boolean active;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    /** The socket was made O_NONBLOCK for splicing. */
    private boolean nonBlocking;
    /** The spliceTo of this channel; made on the first. */
    private SocketSplicer socketSplicer;
    private ChannelPromise connectPromise;
    private Future<?> connectTimeout;
    private SocketAddress requestedRemote;
    private long connectUserData;
    /** The sockaddr of the CONNECT in flight; allocated on connect only. */
    private MemorySegment connectAddress;

    /** A new, unconnected socket (dual-stack where the host has IPv6). */
    public UringSocketChannel() {
        this(null, Addresses.newStreamSocket(), -1);
    }

    /** A connection accepted by {@code parent}, or (parent null) a new socket; family -1 means "ask the socket". */
    UringSocketChannel(UringServerSocketChannel parent, int fd, int family) {
        super(parent, fd, family >= 0 ? family : Addresses.family(fd));
        this.config = new UringSocketChannelConfig(this);
        if (parent != null) {
            active = true;
            // Constructed on the parent's event loop, at accept.
            local = parent.acceptedAddresses().local(Addresses.local(fd));
            remote = parent.acceptedAddresses().remote(Addresses.remote(fd));
        }
    }

    @Override
    public UringSocketChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public UringServerSocketChannel parent() {
        return (UringServerSocketChannel) super.parent();
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
        return (InetSocketAddress) super.remoteAddress();
    }

    UringIoRegistration uring() {
        return uring;
    }

    /** Whether DefaultFileRegions are spliced on this channel's loop (else copied). Event loop only. */
    boolean spliceFileRegions() {
        return Uring.splice(uring.features());
    }

    /**
     * Makes the socket {@code O_NONBLOCK}, once, before the first SPLICE on it. The kernel runs SPLICE on io-wq
     * threads, which would block in a blocking socket; non-blocking it answers EAGAIN and the splicer polls. The
     * ring's own SEND, RECV and POLL requests behave the same on either kind of socket.
     */
    void ensureNonBlocking() throws ErrnoException {
        if (!nonBlocking) {
            int flags = Fd.fcntl(fd, Fd.F_GETFL, 0);
            Fd.fcntl(fd, Fd.F_SETFL, flags | Fd.O_NONBLOCK);
            nonBlocking = true;
        }
    }

    @Override
    protected AbstractUringUnsafe newUnsafe() {
        return new SocketUnsafe();
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        Addresses.bind(fd, family, localAddress);
        local = Addresses.local(fd);
    }

    // ---- splicing ----

    /** {@link #spliceTo(UringSocketChannel, int, ChannelPromise)} with a new promise. */
    public ChannelFuture spliceTo(UringSocketChannel target, int len) {
        return spliceTo(target, len, newPromise());
    }

    /**
     * Moves {@code len} bytes arriving on this channel's socket into {@code target}'s socket through a kernel pipe
     * with io_uring SPLICE: the bytes never enter user memory or the pipelines. {@code Integer.MAX_VALUE} means
     * "until the end of this channel's input", as for a proxy.
     *
     * <p>While it runs, the splice owns this channel's input: it turns autoRead off (and leaves it off), waits for a
     * receive in flight to end (bytes that receive brings still go to the pipeline, before any spliced byte), and no
     * receive is issued until it ends. It reads from this socket only when the target has taken every byte read
     * before, so a slow target slows the source. Write nothing to {@code target} meanwhile: its bytes would mix.
     *
     * <p>The promise succeeds when {@code len} bytes reached the target, or at the end of input when {@code len} is
     * {@code Integer.MAX_VALUE}; a {@link io.netty.channel.ChannelProgressivePromise} also hears of the bytes moved
     * so far after each step into the target. Afterwards this channel reads on as usual (so an end of input closes
     * it, or fires the half-closure events). It fails with an {@link java.io.IOException} naming the splice and its
     * errno if either socket fails (a peer reset), if the input ends before {@code len} bytes, and with a
     * {@link ClosedChannelException} if either channel closes. Cancel it to stop splicing. A second spliceTo while
     * one runs fails with {@link IllegalStateException}.
     *
     * <p>Any thread. Both channels must be registered with the same event loop (one ring runs every step); otherwise
     * {@link IllegalArgumentException}.
     */
    public ChannelFuture spliceTo(UringSocketChannel target, int len, ChannelPromise promise) {
        if (target.eventLoop() != eventLoop()) {
            throw new IllegalArgumentException("spliceTo needs both channels on one event loop: " + this + " is on "
                    + eventLoop() + ", " + target + " on " + target.eventLoop());
        }
        runOnLoop(() -> startSplice(target, -1, -1, len, promise));
        return promise;
    }

    /**
     * Like {@link #spliceTo(UringSocketChannel, int, ChannelPromise)}, into a bare file descriptor: a pipe, a socket
     * or a regular file (then written from {@code offset} on; pass -1 for pipes and sockets). The fd is the caller's:
     * it must stay open until the promise completes. Make it {@code O_NONBLOCK} if it can fill up (a pipe, a socket):
     * a blocking one holds an io_uring worker thread while the kernel waits on it. Any thread.
     */
    public ChannelFuture spliceTo(int fd, long offset, int len, ChannelPromise promise) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        runOnLoop(() -> startSplice(null, fd, offset, len, promise));
        return promise;
    }

    private void runOnLoop(Runnable task) {
        if (eventLoop().inEventLoop()) {
            task.run();
        } else {
            eventLoop().execute(task);
        }
    }

    private void startSplice(UringSocketChannel target, int fd, long offset, int len, ChannelPromise promise) {
        if (!isActive() || target != null && !target.isActive()) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        if (!Uring.spliceOpSupported()) {
            promise.tryFailure(new UnsupportedOperationException("spliceTo needs IORING_OP_SPLICE (Linux 5.7)"));
            return;
        }
        config.setAutoRead(false);
        boolean recvInFlight = reader.yieldInput();
        if (socketSplicer == null) {
            socketSplicer = new SocketSplicer(this);
        }
        socketSplicer.prepare(target, target != null ? target.fd() : fd, offset, len, promise, recvInFlight);
    }

    /** The spliceTo ended: reading resumes as the channel wants it (at the end of input, to see the EOF). */
    void spliceEnded(boolean endOfInput) {
        reader.spliceEnded(endOfInput);
    }

    // ---- reading ----

    @Override
    protected void registered() {
        if (active) {
            reader.armRdHup(); // an accepted connection, active from the start
        }
    }

    /** autoRead was turned off: a read() not yet answered is forgotten, and a multishot RECV is stopped. */
    void clearReadPending() {
        if (isRegistered() && !eventLoop().inEventLoop()) {
            eventLoop().execute(this::clearReadPending);
            return;
        }
        reader.clearReadPending();
    }

    @Override
    protected void doBeginRead() {
        reader.beginRead();
    }

    /** Whether the input was shut down (by us, or by the peer under half-closure). */
    boolean inputShutdownFlag() {
        return inputShutdown;
    }

    /** The input has ended (half-closure): {@link #isInputShutdown()} says so from now on. */
    void markInputShutdown() {
        inputShutdown = true;
    }

    /** Whether a spliceTo owns this channel's input (no receive may be issued). */
    boolean spliceHoldsInput() {
        return socketSplicer != null && socketSplicer.holdsInput();
    }

    // ---- writing ----

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (buf.hasMemoryAddress() || buf.isDirect() && buf.nioBufferCount() > 0) {
                return buf;
            }
            ByteBuf direct = alloc().directBuffer(buf.readableBytes());
            direct.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
            ReferenceCountUtil.safeRelease(buf);
            return direct;
        }
        if (msg instanceof FileRegion) {
            return msg;
        }
        throw new UnsupportedOperationException("unsupported message type: " + msg.getClass().getName());
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        while (!writer.isInFlight() && !in.isEmpty()) {
            if (!writer.submit(in)) {
                Object current = in.current();
                if (current instanceof FileRegion) {
                    in.remove();
                } else {
                    in.removeBytes(0); // only empty buffers were left at the head
                }
            }
        }
    }

    /** One step of a spliced FileRegion completed; see {@link FileRegionSplicer}. */
    private void completeRegionSplice(int step, int res) {
        SocketUnsafe unsafe = (SocketUnsafe) unsafe();
        ChannelOutboundBuffer in = unsafe.outboundBuffer();
        if (res == -Errno.ECANCELED || !isOpen() || unsafe.closeWaiting()) {
            // Closing: stop at this step. The region stays in the outbound buffer and fails with the close.
            writer.abandoned();
            unsafe.closeIfDelayed(false);
            return;
        }
        boolean goesOn;
        try {
            goesOn = writer.spliceCompleted(step, res, in);
        } catch (IOException | RuntimeException e) {
            if (!unsafe.closeIfDelayed(false) && isOpen()) {
                unsafe.writeFailed(e); // closes the channel, as a failed send does
            }
            return;
        }
        if (!goesOn && !unsafe.closeIfDelayed(true) && in != null && !in.isEmpty()) {
            unsafe.flushMore();
        }
    }

    private void completeWrite(int res) {
        SocketUnsafe unsafe = (SocketUnsafe) unsafe();
        ChannelOutboundBuffer in = unsafe.outboundBuffer();
        if (res < 0) {
            writer.abandoned();
            if (unsafe.closeIfDelayed(false)) {
                return;
            }
            if (res != -Errno.ECANCELED && isOpen()) {
                unsafe.writeFailed(errnoException("send(fd=" + fd + ")", res));
            }
            return;
        }
        boolean resubmitted = writer.completed(in, res);
        if (!resubmitted && !unsafe.closeIfDelayed(true) && in != null && !in.isEmpty()) {
            unsafe.flushMore();
        }
    }

    // ---- half-closure ----

    @Override
    public boolean isInputShutdown() {
        return inputShutdown || !isActive();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown || !isActive();
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    protected void doShutdownOutput() throws Exception {
        checkConnected();
        Sockets.shutdown(fd, Sockets.SHUT_WR);
        outputShutdown = true;
    }

    /** What Netty's other transports throw for a shutdown of a closed or never-connected socket. */
    private void checkConnected() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
        if (!active) {
            throw new NotYetConnectedException();
        }
    }

    private void doShutdownInput() throws ErrnoException, ClosedChannelException {
        checkConnected();
        // A RECV in flight then completes with 0, which inputClosedByPeer() treats as the end of input.
        Sockets.shutdown(fd, Sockets.SHUT_RD);
        inputShutdown = true;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            ((SocketUnsafe) unsafe()).shutdownOutput(promise);
        } else {
            loop.execute(() -> ((SocketUnsafe) unsafe()).shutdownOutput(promise));
        }
        return promise;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            shutdownInput0(promise);
        } else {
            loop.execute(() -> shutdownInput0(promise));
        }
        return promise;
    }

    private void shutdownInput0(ChannelPromise promise) {
        try {
            doShutdownInput();
            promise.setSuccess();
        } catch (Throwable t) {
            promise.setFailure(t);
        }
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        ChannelFuture output = shutdownOutput();
        output.addListener(f -> shutdownInput(newPromise()).addListener(g -> {
            Throwable cause = f.cause() != null ? f.cause() : g.cause();
            if (cause == null) {
                promise.setSuccess();
            } else {
                promise.setFailure(cause);
            }
        }));
        return promise;
    }

    // ---- connecting and closing ----

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    @Override
    protected void doClose() throws Exception {
        active = false;
        try {
            super.doClose();
        } finally {
            ChannelPromise promise = connectPromise;
            if (promise != null) {
                connectPromise = null;
                promise.tryFailure(new ClosedChannelException());
            }
            if (connectTimeout != null) {
                connectTimeout.cancel(false);
            }
        }
    }

    @Override
    protected void cancelInFlight() {
        reader.cancelInFlight();
        if (writer.isInFlight()) {
            uring.cancelRequest(writer.userData()); // only a forced close gets here: close() waits for sends
        }
        if (connectPromise != null) {
            uring.cancelRequest(connectUserData);
        }
        if (socketSplicer != null && socketSplicer.inFlight() != -1) {
            uring.cancelRequest(socketSplicer.inFlight());
        }
    }

    private void completeConnect(int res) {
        ChannelPromise promise = connectPromise;
        connectPromise = null;
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
        if (promise == null) {
            return; // timed out or cancelled: already failed, channel closed
        }
        if (res < 0) {
            promise.tryFailure(((SocketUnsafe) unsafe()).annotate(Errors.connectException(-res), requestedRemote));
            ((SocketUnsafe) unsafe()).closeIfClosed0();
            return;
        }
        active = true;
        local = Addresses.local(fd);
        remote = Addresses.remote(fd);
        boolean promiseSet = promise.trySuccess();
        pipeline().fireChannelActive();
        reader.connected(); // the POLLRDHUP poll, and a read() called before the connection was up
        if (!promiseSet) {
            unsafe().close(unsafe().voidPromise());
        }
    }

    private final class SocketUnsafe extends AbstractUringUnsafe {
        /** A close() that waits for the send in flight; see {@link #close(ChannelPromise)}. */
        private ChannelPromise delayedClose;
        /** {@link System#nanoTime} after which a delayed close stops sending what was flushed before it. */
        private long delayedCloseDeadline;

        /**
         * Closes, but not while a send is in flight: the kernel still reads that send's buffers, which this channel
         * holds until the completion, and Netty completes the write's promise on close, so closing now would tell
         * the user the write is over while its buffers are still held. The bytes of that send still go out, and so do
         * those flushed behind it (see {@link #closeIfDelayed}), as with Netty's other transports; a peer that never
         * reads gets the send cancelled after a grace period.
         */
        @Override
        public void close(ChannelPromise promise) {
            if (!writer.isInFlight() || !isOpen()) {
                super.close(promise);
                return;
            }
            if (delayedClose == null) {
                delayedClose = promise;
                delayedCloseDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_SEND_GRACE_MILLIS);
                cancelSendAtDeadline();
            } else if (delayedClose.isVoid()) {
                delayedClose = promise;
            } else if (!promise.isVoid()) {
                delayedClose.addListener(new PromiseNotifier<>(promise));
            }
        }

        /** Whether a close waits for the write in flight. */
        boolean closeWaiting() {
            return delayedClose != null;
        }

        /** Cancels the send now in flight if it is still in flight at the delayed close's deadline. */
        private void cancelSendAtDeadline() {
            long send = writer.userData();
            long delay = Math.max(0, delayedCloseDeadline - System.nanoTime());
            eventLoop().schedule(() -> {
                if (writer.isInFlight() && writer.userData() == send) {
                    uring.cancelRequest(send);
                }
            }, delay, TimeUnit.NANOSECONDS);
        }

        /**
         * After the send a close waited for has completed: with {@code sendsGoOn} (it succeeded), bytes flushed before
         * the close go out next, until the grace period ends, because epoll and NIO have already written them to the
         * socket at flush time and a close there loses only what the socket would not take. (A client that pipelines
         * requests and then shuts its output down got only the first answer on this transport otherwise.) Then
         * closes. Returns whether a close was waiting.
         */
        boolean closeIfDelayed(boolean sendsGoOn) {
            ChannelPromise promise = delayedClose;
            if (promise == null || writer.isInFlight()) {
                return false;
            }
            ChannelOutboundBuffer in = outboundBuffer();
            if (sendsGoOn && in != null && !in.isEmpty() && System.nanoTime() < delayedCloseDeadline) {
                super.flush0(); // the writer is idle: this submits the next send
                if (writer.isInFlight()) {
                    cancelSendAtDeadline();
                    return true;
                }
            }
            delayedClose = null;
            super.close(promise);
            return true;
        }

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            try {
                if (connectPromise != null) {
                    throw new ConnectionPendingException();
                }
                if (active) {
                    throw new AlreadyConnectedException();
                }
                Addresses.checkResolved(remoteAddress);
                if (localAddress != null) {
                    doBind(localAddress);
                }
                if (connectAddress == null) {
                    connectAddress = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8);
                }
                int len = Addresses.encode(connectAddress, family, remoteAddress);
                long sqe = uring.nextSqe();
                uring.sq().prepConnect(sqe, fd, connectAddress, len);
                connectUserData = uring.track(sqe, IORING_OP_CONNECT, 0);
                requestedRemote = remoteAddress;
                connectPromise = promise;
                int timeoutMillis = config.getConnectTimeoutMillis();
                if (timeoutMillis > 0) {
                    connectTimeout = eventLoop().schedule(() -> timedOut(remoteAddress, timeoutMillis),
                            timeoutMillis, TimeUnit.MILLISECONDS);
                }
            } catch (Throwable t) {
                promise.tryFailure(annotateConnectException(t, remoteAddress));
                closeIfClosed();
            }
        }

        private void timedOut(SocketAddress remoteAddress, int timeoutMillis) {
            ChannelPromise promise = connectPromise;
            if (promise != null && promise.tryFailure(new ConnectTimeoutException(
                    "connection timed out after " + timeoutMillis + " ms: " + remoteAddress))) {
                close(voidPromise());
            }
        }

        Throwable annotate(Throwable cause, SocketAddress address) {
            return annotateConnectException(cause, address);
        }

        void closeIfClosed0() {
            closeIfClosed();
        }

        void flushMore() {
            flush0();
        }

        void writeFailed(Throwable cause) {
            handleWriteError(cause);
        }

        @Override
        protected void flush0() {
            if (!writer.isInFlight()) {
                super.flush0();
            }
        }

        @Override
        protected void complete(int opcode, int res, int flags, int data) {
            switch (opcode) {
                case IORING_OP_RECV -> {
                    if (data == SocketReader.MULTISHOT) {
                        reader.completeMultishotRecv(res, flags);
                    } else {
                        reader.completeRecv(res, flags);
                    }
                    if (socketSplicer != null && socketSplicer.waitingForRecv() && !reader.recvInFlight()) {
                        socketSplicer.begin();
                    }
                }
                case IORING_OP_CONNECT -> completeConnect(res);
                case IORING_OP_SEND_ZC, IORING_OP_SENDMSG_ZC -> {
                    int sent = writer.sendZcCompleted(res, flags);
                    if (sent != Integer.MIN_VALUE) {
                        completeWrite(sent);
                    }
                }
                case IORING_OP_POLL_ADD, IORING_OP_SPLICE -> {
                    if (data == 0) {
                        reader.completeRdHup(res);
                    } else if (data >= SocketSplicer.IN) {
                        socketSplicer.completed(data, res);
                    } else {
                        completeRegionSplice(data, res);
                    }
                }
                default -> completeWrite(res);
            }
        }
    }
}
