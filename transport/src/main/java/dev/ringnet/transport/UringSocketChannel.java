package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_MORE;
import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_SOCK_NONEMPTY;
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
import dev.ringnet.uring.BufferRing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
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
 * A TCP connection on the ring: CONNECT to open it, one RECV at a time into a buffer sized by the channel's
 * {@link RecvByteBufAllocator}, SEND/SENDMSG for writes (see {@link SocketWriter}), SO_LINGER 0 for RST on close,
 * and half-closure as Netty defines it.
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
    private volatile boolean active;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    /** The socket was made O_NONBLOCK for splicing. */
    private boolean nonBlocking;
    /** The spliceTo of this channel; made on the first. */
    private SocketSplicer socketSplicer;
    /** The user_data field {@code data} of a multishot RECV (a single-shot one has 0). */
    private static final int MULTISHOT = 1;
    /** The buffer of the single-shot RECV in flight (the kernel writes it until the CQE), or null. */
    private ByteBuf readBuffer;
    /** A multishot RECV from the loop's shared buffer ring is armed (until its last CQE). */
    private boolean multishot;
    private long readUserData;
    /** read() was called and not yet answered with data. */
    private boolean readPending;
    private boolean inputShutdownReadCompleteFired;
    /** A POLLRDHUP poll is in flight: it tells us of the peer's FIN even while nothing reads (autoRead off). */
    private boolean rdHupArmed;
    private long rdHupUserData;
    /** The peer's FIN is known: read on to the end of input whatever autoRead says, as epoll does on EPOLLRDHUP. */
    private boolean rdHupReceived;
    /** A read loop (several RECVs, one channelReadComplete) is under way: the allocator handle is not reset. */
    private boolean inReadLoop;
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
            local = Addresses.local(fd);
            remote = Addresses.remote(fd);
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
     * {@code Integer.MAX_VALUE}; afterwards this channel reads on as usual (so an end of input closes it, or fires
     * the half-closure events). It fails with an {@link java.io.IOException} naming the splice and its errno if
     * either socket fails (a peer reset), if the input ends before {@code len} bytes, and with a
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
        readPending = false;
        boolean recvInFlight = readBuffer != null || multishot;
        if (recvInFlight) {
            uring.cancelRequest(readUserData); // a single-shot read() too: the splice reads from now on
        }
        if (socketSplicer == null) {
            socketSplicer = new SocketSplicer(this);
        }
        socketSplicer.prepare(target, target != null ? target.fd() : fd, offset, len, promise, recvInFlight);
    }

    /** The spliceTo ended: reading resumes as the channel wants it (at the end of input, to see the EOF). */
    void spliceEnded(boolean endOfInput) {
        if (endOfInput) {
            rdHupReceived = true;
        }
        if (isOpen() && !inputShutdown && (config.isAutoRead() || readPending || rdHupReceived)) {
            submitRecv();
        }
    }

    // ---- reading ----

    @Override
    protected void registered() {
        if (active) {
            armRdHup(); // an accepted connection, active from the start
        }
    }

    /**
     * Polls for POLLRDHUP once per connection. Without it a channel with autoRead off and no read() pending would
     * never learn that the peer shut down its output, while Netty's other transports report it at once.
     */
    private void armRdHup() {
        if (rdHupArmed || inputShutdown || !isOpen()) {
            return;
        }
        long sqe = uring.nextSqe();
        uring.sq().prepPollAdd(sqe, fd, Fd.POLLRDHUP, false);
        rdHupUserData = uring.track(sqe, IORING_OP_POLL_ADD, 0);
        rdHupArmed = true;
    }

    private void completeRdHup(int res) {
        rdHupArmed = false;
        if (res < 0 || !isOpen() || inputShutdown) {
            return; // cancelled at close, or the input already ended
        }
        rdHupReceived = true;
        submitRecv(); // reads what is left, then the EOF; a no-op if a RECV is in flight
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        // Before the connection is up a RECV would fail with ENOTCONN: the read stays pending until then.
        if (active && !inputShutdown) {
            submitRecv();
        }
    }

    /** autoRead was turned off: a read() not yet answered is forgotten, and a multishot RECV is stopped. */
    void clearReadPending() {
        if (isRegistered() && !eventLoop().inEventLoop()) {
            eventLoop().execute(this::clearReadPending);
            return;
        }
        readPending = false;
        if (multishot && !config.isAutoRead()) {
            uring.cancelRequest(readUserData); // what arrives before the cancel lands is still delivered
        }
    }

    /**
     * One CQE of the multishot RECV: {@code res} bytes in the ring buffer the flags name, 0 at EOF, or an error.
     * Without {@code IORING_CQE_F_MORE} the RECV is over: re-armed if reading goes on. {@code ENOBUFS} means the
     * shared ring ran dry; the bytes wait in the socket and the re-armed RECV reads them once this loop's reap has
     * refilled the ring. The read loop ends (channelReadComplete) when the kernel says nothing more is queued.
     */
    private void completeMultishotRecv(int res, int flags) {
        boolean more = (flags & IORING_CQE_F_MORE) != 0;
        if (!more) {
            multishot = false;
        }
        ReadBufferRing ring = uring.readBuffers();
        if (!isOpen()) {
            if (res > 0 && BufferRing.hasBuffer(flags)) {
                ring.giveBack(BufferRing.bufferId(flags));
            }
            inReadLoop = false;
            return;
        }
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        if (res > 0) {
            ByteBuf buf = ring.take(BufferRing.bufferId(flags), res);
            if (!inReadLoop) {
                handle.reset(config);
                inReadLoop = true;
            }
            handle.lastBytesRead(res);
            handle.incMessagesRead(1);
            readPending = false;
            pipeline().fireChannelRead(buf);
            if (inReadLoop && ((flags & IORING_CQE_F_SOCK_NONEMPTY) == 0 || !more)) {
                endReadLoop(handle);
            }
        } else if (res == 0) {
            if (inReadLoop) {
                endReadLoop(handle);
            }
            inputClosedByPeer();
            return;
        } else if (res != -Errno.ENOBUFS && res != -Errno.ECANCELED) {
            if (inReadLoop) {
                endReadLoop(handle);
            }
            pipeline().fireExceptionCaught(errnoException("recv(fd=" + fd + ")", res));
            inputClosedByPeer();
            return;
        } else {
            if (res == -Errno.ENOBUFS) {
                ring.exhausted();
            }
            if (inReadLoop) {
                endReadLoop(handle);
            }
        }
        if (!multishot && isOpen() && !inputShutdown && (config.isAutoRead() || readPending || rdHupReceived)) {
            submitRecv();
        }
    }

    /**
     * Submits a RECV unless one is already in flight (a handler may call read() while we are in a read loop). With
     * autoRead on and a shared buffer ring, one multishot RECV serves every arrival and the connection holds no read
     * buffer while idle; otherwise each RECV brings a buffer sized by the {@link RecvByteBufAllocator}, which is how
     * read() answers exactly one read loop. A channel given its own allocator (not the default adaptive one) always
     * reads single-shot: ring buffers have one fixed size, and a user who sizes reads means it.
     */
    private void submitRecv() {
        if (readBuffer != null || multishot || socketSplicer != null && socketSplicer.holdsInput()) {
            return; // a spliceTo reads the socket itself until it ends
        }
        ReadBufferRing ring = uring.readBuffers();
        if (ring != null && config.isAutoRead()
                && config.getRecvByteBufAllocator() instanceof AdaptiveRecvByteBufAllocator) {
            long sqe = uring.nextSqe();
            uring.sq().prepRecvMultishot(sqe, fd, ring.groupId(), 0);
            readUserData = uring.track(sqe, IORING_OP_RECV, MULTISHOT);
            multishot = true;
            return;
        }
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        ByteBuf buf = handle.allocate(alloc());
        if (!buf.hasMemoryAddress()) {
            int capacity = buf.writableBytes();
            buf.release();
            buf = alloc().directBuffer(capacity);
        }
        handle.attemptedBytesRead(buf.writableBytes());
        long sqe = uring.nextSqe();
        uring.sq().prepRecv(sqe, fd, buf.memoryAddress() + buf.writerIndex(), buf.writableBytes(), 0);
        readUserData = uring.track(sqe, IORING_OP_RECV, 0);
        readBuffer = buf;
    }

    /**
     * One RECV completed. Netty's read loop is several reads then one {@code channelReadComplete}: the loop goes on
     * while the allocator handle wants more and the kernel says more data is already queued
     * ({@code IORING_CQE_F_SOCK_NONEMPTY}); otherwise it ends here, and a new RECV waits for the next arrival.
     */
    private void completeRecv(int res, int flags) {
        ByteBuf buf = readBuffer;
        readBuffer = null;
        if (!isOpen() || res == -Errno.ECANCELED) {
            buf.release();
            inReadLoop = false;
            return;
        }
        ChannelPipeline pipeline = pipeline();
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        if (!inReadLoop) {
            handle.reset(config);
            inReadLoop = true;
        }
        if (res > 0) {
            buf.writerIndex(buf.writerIndex() + res);
            handle.lastBytesRead(res);
            handle.incMessagesRead(1);
            readPending = false;
            pipeline.fireChannelRead(buf);
            if (isOpen() && (flags & IORING_CQE_F_SOCK_NONEMPTY) != 0 && handle.continueReading()) {
                submitRecv();
                return;
            }
            endReadLoop(handle);
            if (isOpen() && !inputShutdown && (config.isAutoRead() || readPending || rdHupReceived)) {
                submitRecv();
            }
        } else if (res == 0) {
            buf.release();
            handle.lastBytesRead(-1);
            endReadLoop(handle);
            inputClosedByPeer();
        } else {
            buf.release();
            endReadLoop(handle);
            pipeline.fireExceptionCaught(errnoException("recv(fd=" + fd + ")", res));
            inputClosedByPeer(); // as epoll does: the input ends; the channel closes unless half-closure is allowed
        }
    }

    private void endReadLoop(RecvByteBufAllocator.Handle handle) {
        inReadLoop = false;
        handle.readComplete();
        pipeline().fireChannelReadComplete();
    }

    /** The peer shut down its output (EOF): close, or with ALLOW_HALF_CLOSURE tell the pipeline and keep writing. */
    private void inputClosedByPeer() {
        if (!isOpen()) {
            return;
        }
        if (!config.isAllowHalfClosure()) {
            unsafe().close(unsafe().voidPromise());
            return;
        }
        if (!inputShutdown) {
            inputShutdown = true;
            pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        if (!inputShutdownReadCompleteFired) {
            inputShutdownReadCompleteFired = true;
            pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        }
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
            unsafe.closeIfDelayed();
            return;
        }
        boolean goesOn;
        try {
            goesOn = writer.spliceCompleted(step, res, in);
        } catch (IOException | RuntimeException e) {
            if (!unsafe.closeIfDelayed() && isOpen()) {
                unsafe.writeFailed(e); // closes the channel, as a failed send does
            }
            return;
        }
        if (!goesOn && !unsafe.closeIfDelayed() && in != null && !in.isEmpty()) {
            unsafe.flushMore();
        }
    }

    private void completeWrite(int res) {
        SocketUnsafe unsafe = (SocketUnsafe) unsafe();
        ChannelOutboundBuffer in = unsafe.outboundBuffer();
        if (res < 0) {
            writer.abandoned();
            if (unsafe.closeIfDelayed()) {
                return;
            }
            if (res != -Errno.ECANCELED && isOpen()) {
                unsafe.writeFailed(errnoException("send(fd=" + fd + ")", res));
            }
            return;
        }
        boolean resubmitted = writer.completed(in, res);
        if (!resubmitted && !unsafe.closeIfDelayed() && in != null && !in.isEmpty()) {
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
        if (readBuffer != null || multishot) {
            uring.cancelRequest(readUserData);
        }
        if (rdHupArmed) {
            uring.cancelRequest(rdHupUserData);
        }
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
        armRdHup();
        if (readPending && isOpen()) {
            submitRecv(); // read() was called before the connection was up
        }
        if (!promiseSet) {
            unsafe().close(unsafe().voidPromise());
        }
    }

    private final class SocketUnsafe extends AbstractUringUnsafe {
        /** A close() that waits for the send in flight; see {@link #close(ChannelPromise)}. */
        private ChannelPromise delayedClose;

        /**
         * Closes, but not while a send is in flight: the kernel still reads that send's buffers, which this channel
         * holds until the completion, and Netty completes the write's promise on close, so closing now would tell
         * the user the write is over while its buffers are still held. The bytes of that send still go out, as with
         * Netty's other transports; a peer that never reads gets the send cancelled after a grace period.
         */
        @Override
        public void close(ChannelPromise promise) {
            if (!writer.isInFlight() || !isOpen()) {
                super.close(promise);
                return;
            }
            if (delayedClose == null) {
                delayedClose = promise;
                long send = writer.userData();
                eventLoop().schedule(() -> {
                    if (writer.isInFlight() && writer.userData() == send) {
                        uring.cancelRequest(send);
                    }
                }, CLOSE_SEND_GRACE_MILLIS, TimeUnit.MILLISECONDS);
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

        /** Runs a close that waited for the send that has just completed; true if there was one. */
        boolean closeIfDelayed() {
            ChannelPromise promise = delayedClose;
            if (promise == null || writer.isInFlight()) {
                return false;
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
                    if (data == MULTISHOT) {
                        completeMultishotRecv(res, flags);
                    } else {
                        completeRecv(res, flags);
                    }
                    if (socketSplicer != null && socketSplicer.waitingForRecv() && readBuffer == null && !multishot) {
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
                        completeRdHup(res);
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
