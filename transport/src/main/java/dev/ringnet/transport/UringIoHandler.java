package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_ASYNC_CANCEL_ANY;
import static dev.ringnet.uring.IoUringConstants.IORING_CQE_F_MORE;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_ASYNC_CANCEL;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_READ;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import dev.ringnet.uring.BufferRing;
import dev.ringnet.uring.CompletionHandler;
import dev.ringnet.uring.IoUringSupport;
import dev.ringnet.uring.Ring;
import dev.ringnet.uring.RingOptions;
import dev.ringnet.uring.SubmissionQueue;
import io.netty.channel.ChannelException;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Netty {@link IoHandler} on one io_uring ring: one per event loop, used only by that loop's thread.
 *
 * <p>Each {@link #run} makes one {@code io_uring_enter}: it submits the SQEs queued since the last run and collects
 * what the kernel has completed, or, with nothing queued or ready and Netty saying it may block, waits (until a
 * completion, the next scheduled task, or a {@link #wakeup}). It then dispatches every completion to its
 * {@link UringIoHandle} through the packed {@link UserData}, allocating nothing.
 *
 * <p>Wakeups from other threads write an eventfd whose read is kept pending in the ring, and only while the loop is
 * (about to be) blocked, so a busy loop costs its wakers no system call.
 */
public final class UringIoHandler implements IoHandler, CompletionHandler {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(UringIoHandler.class);

    /** The loop is not waiting: wakeups do nothing. */
    private static final int AWAKE = 0;
    /** The loop waits (or is about to): a wakeup must write the eventfd. */
    private static final int SLEEPING = 1;
    /** A waker is writing the eventfd: the loop must not go on to close it until the write is done. */
    private static final int WAKING = 2;
    private static final VarHandle STATE;
    /** The eventfd increment; only ever read by the kernel, so all wakers share it. */
    private static final MemorySegment ONE = Arena.global().allocate(ValueLayout.JAVA_LONG);
    private static final long WAKEUP_READ = UserData.encode(0, IORING_OP_READ, 0);
    private static final long INTERNAL_CANCEL = UserData.encode(0, IORING_OP_ASYNC_CANCEL, 0);
    private static final long DESTROY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    static {
        ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
        try {
            STATE = MethodHandles.lookup().findVarHandle(UringIoHandler.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ThreadAwareExecutor executor;
    private final UringIoHandlerConfig config;
    private final Ring ring;
    private final SubmissionQueue sq;
    private final IntObjectHashMap<UringIoRegistration> registrations = new IntObjectHashMap<>();
    /** Reused for every dispatched completion. */
    private final UringIoEvent event = new UringIoEvent();
    private final Arena arena = Arena.ofShared();
    /** Where the pending eventfd read lands; owned by the kernel while that read is in flight. */
    private final MemorySegment wakeupBuffer = arena.allocate(ValueLayout.JAVA_LONG);
    private int eventFd = -1;
    /** The read buffers all this loop's connections share, or null where multishot receive is not used. */
    private ReadBufferRing readBuffers;
    /** The pipes FileRegion sends and spliceTo go through. */
    private final PipePool pipes = new PipePool();
    /** {@link UringIoHandlerConfig#sendZcThreshold()} if the kernel and feature set allow SEND_ZC, else -1. */
    private final int sendZcThreshold;
    private boolean wakeupReadPending;
    private int nextId = 1;
    private boolean destroyed;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private UringIoHandler(ThreadAwareExecutor executor, UringIoHandlerConfig config) {
        this.executor = executor;
        this.config = config;
        try {
            // Created disabled and enabled by the loop thread in initialize(): under SINGLE_ISSUER the thread that
            // enables the ring is the only one allowed to submit.
            RingOptions options = RingOptions.of(config.sqEntries()).withCqEntries(config.cqEntries())
                    .withFlags(Uring.setupFlags(config));
            this.ring = Ring.open(config.sqPoll() ? options.withSqPoll(config.sqPollIdleMillis()) : options);
        } catch (ErrnoException e) {
            arena.close();
            throw new ChannelException(IoUringSupport.explain(e.errno()), e);
        }
        this.sq = ring.sq();
        this.sendZcThreshold = Uring.sendZc(config.features()) ? config.sendZcThreshold()
                : UringIoHandlerConfig.SEND_ZC_OFF;
    }

    /** A factory for handlers with {@link UringIoHandlerConfig#defaults()}. */
    public static IoHandlerFactory newFactory() {
        return newFactory(UringIoHandlerConfig.defaults());
    }

    /**
     * A factory for handlers with {@code config}.
     *
     * @throws UnsupportedOperationException with the cause if io_uring cannot be used here
     */
    public static IoHandlerFactory newFactory(UringIoHandlerConfig config) {
        Uring.ensureAvailability();
        return executor -> new UringIoHandler(executor, config);
    }

    /** The configuration this handler was made with. */
    public UringIoHandlerConfig config() {
        return config;
    }

    @Override
    public void initialize() {
        try {
            ring.enableRings();
            if (config.features() == UringIoHandlerConfig.FeatureSet.FULL) {
                ring.registerRingFd();
            }
            // Blocking eventfd on purpose: io_uring would answer a read on an O_NONBLOCK one with EAGAIN.
            eventFd = Fd.eventfd(0, Fd.EFD_CLOEXEC);
        } catch (ErrnoException e) {
            throw new ChannelException("cannot start the io_uring event loop: " + e.getMessage(), e);
        }
        armWakeupRead();
        if (Uring.multishotRecv(config.features())) {
            try {
                readBuffers = ReadBufferRing.register(ring, config.readBufferCount(), config.readBufferSize(),
                        config.readBufferAllocator());
            } catch (ErrnoException | RuntimeException e) {
                logger.warn("io_uring read-buffer ring unavailable ({}); reading with single-shot receives",
                        e.getMessage());
            }
        }
    }

    /** A handle kept a read buffer without putting one back: the ring would shrink for good. Count it as put back. */
    private void lostReadBuffer(UringIoRegistration registration) {
        logger.error("{} dropped {} read buffer(s) of the shared ring; this is a bug in the transport",
                registration.handle(), readBuffers.missing());
        readBuffers.forgive();
    }

    /** The read buffers shared by this loop's connections, or null: then each read brings its own buffer. */
    ReadBufferRing readBuffers() {
        return readBuffers;
    }

    /** How many times this loop's ring was entered to collect CQEs that overflowed a full CQ ({@link Ring}). */
    long cqOverflowEnters() {
        return ring.cqOverflowEnters();
    }

    /** The pipes this loop's splices go through. */
    PipePool pipes() {
        return pipes;
    }

    /** Sends of a single buffer of at least this many bytes use SEND_ZC; -1: never (off, or not on this kernel). */
    int sendZcThreshold() {
        return sendZcThreshold;
    }

    @Override
    public int run(IoHandlerContext context) {
        long start = context.shouldReportActiveIoTime() ? System.nanoTime() : 0;
        try {
            if (context.canBlock()) {
                STATE.setVolatile(this, SLEEPING);
                // Re-check after publishing SLEEPING: a task queued before it was visible did not wake us.
                // SQEs the last run left (see below) are submitted without waiting: sends that complete at once would
                // end the wait with nothing but their own CQEs.
                if (context.canBlock() && ring.cq().ready() == 0 && ring.sq().pending() == 0) {
                    ring.submitAndWait(1, context.delayNanos(System.nanoTime()));
                } else {
                    ring.submitAndCollect();
                }
                awake();
            } else {
                ring.submitAndCollect();
            }
            // Only what the CQ holds: completions the kernel still defers (TASKRUN) or holds in its overflow list
            // come with the next run's first enter, together with the requests this run's handlers queue.
            int handled = ring.cq().forEach(this);
            // Handlers queue new requests (re-armed reads, next writes). With tasks to run, give them to the kernel
            // now, before the tasks; without, the next run comes at once and submits them in the enter that collects
            // what arrived meanwhile: one system call instead of two.
            if (!context.canBlock()) {
                ring.submit();
            }
            if (context.shouldReportActiveIoTime()) {
                context.reportActiveIoTime(System.nanoTime() - start);
            }
            return handled;
        } catch (ErrnoException e) {
            // io_uring_enter fails only on a broken ring (EBADF, EFAULT...): nothing to retry.
            throw new ChannelException(e.getMessage(), e);
        }
    }

    /** Leaves SLEEPING; if a waker is mid-write, waits for it so the eventfd is not closed under it. */
    private void awake() {
        if (!STATE.compareAndSet(this, SLEEPING, AWAKE)) {
            while ((int) STATE.getVolatile(this) == WAKING) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void wakeup() {
        if (!executor.isExecutorThread(Thread.currentThread())
                && (int) STATE.getVolatile(this) == SLEEPING && STATE.compareAndSet(this, SLEEPING, WAKING)) {
            try {
                Fd.write(eventFd, ONE);
            } catch (ErrnoException e) {
                logger.warn("io_uring event loop wakeup failed", e);
            } finally {
                STATE.setVolatile(this, AWAKE);
            }
        }
    }

    @Override
    public IoRegistration register(IoHandle handle) {
        if (!(handle instanceof UringIoHandle uringHandle)) {
            throw new IllegalArgumentException("not a UringIoHandle: " + handle);
        }
        if (destroyed) {
            throw new IllegalStateException("the io_uring event loop is shut down");
        }
        int id = nextFreeId();
        UringIoRegistration registration = new UringIoRegistration(this, uringHandle, id);
        registrations.put(id, registration);
        uringHandle.registered();
        return registration;
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return UringIoHandle.class.isAssignableFrom(handleType);
    }

    @Override
    public void handle(long userData, int res, int flags) {
        int id = UserData.registrationId(userData);
        if (id == 0) {
            if (userData == WAKEUP_READ) {
                wakeupReadPending = false;
                armWakeupRead();
            }
            return; // our own cancels: nothing to do whatever they found
        }
        UringIoRegistration registration = registrations.get(id);
        if (registration == null) {
            logger.debug("completion for unknown registration {}: res={}", id, res);
            return;
        }
        if ((flags & IORING_CQE_F_MORE) == 0) {
            registration.completed();
        }
        event.set(UserData.opcode(userData), res, flags, UserData.data(userData));
        boolean pickedBuffer = readBuffers != null && BufferRing.hasBuffer(flags);
        if (pickedBuffer) {
            readBuffers.picked();
        }
        try {
            registration.handle().handle(registration, event);
        } catch (Throwable t) {
            logger.warn("unexpected exception from {} handling {}", registration.handle(), event, t);
        }
        if (pickedBuffer && readBuffers.missing() != 0) {
            lostReadBuffer(registration);
        }
        if (registration.isCancelled() && registration.inFlight() == 0) {
            remove(registration);
        }
    }

    /** Called when a registration is cancelled: it leaves the table now, or when its last request completes. */
    void released(UringIoRegistration registration) {
        if (registration.inFlight() == 0) {
            remove(registration);
        }
    }

    private void remove(UringIoRegistration registration) {
        if (registrations.remove(registration.id()) != null) {
            registration.handle().unregistered();
        }
    }

    SubmissionQueue sq() {
        return sq;
    }

    long nextSqe() {
        long sqe = sq.getSqe();
        if (sqe < 0) {
            try {
                ring.submit();
                if (sq.remaining() == 0) {
                    ring.awaitSqSpace(); // SQPOLL: the poller has not taken the published SQEs yet
                }
            } catch (ErrnoException e) {
                throw new ChannelException(e.getMessage(), e);
            }
            sqe = sq.getSqe();
            if (sqe < 0) {
                throw new ChannelException("io_uring submission queue full and not drained by the kernel");
            }
        }
        return sqe;
    }

    /** Hands every queued SQE to the kernel now. */
    void submitNow() {
        try {
            ring.submit();
        } catch (ErrnoException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    void cancelRequest(long userData) {
        long sqe = nextSqe();
        sq.prepCancel(sqe, userData, 0);
        sq.setUserData(sqe, INTERNAL_CANCEL);
    }

    private void armWakeupRead() {
        if (destroyed) {
            return;
        }
        long sqe = nextSqe();
        sq.prepRead(sqe, eventFd, wakeupBuffer.address(), Long.BYTES, 0);
        sq.setUserData(sqe, WAKEUP_READ);
        wakeupReadPending = true;
    }

    private int nextFreeId() {
        int id;
        do {
            id = nextId++;
        } while (id == 0 || registrations.containsKey(id));
        return id;
    }

    @Override
    public void prepareToDestroy() {
        for (UringIoRegistration registration : new ArrayList<>(registrations.values())) {
            try {
                registration.handle().close();
            } catch (Exception e) {
                logger.warn("failed to close {}", registration.handle(), e);
            }
        }
    }

    /**
     * Cancels everything still in flight and waits (at most 5 s) for the kernel to give each request back, so no
     * memory it may still write is freed; then closes the ring and the eventfd.
     */
    @Override
    public void destroy() {
        destroyed = true;
        try {
            long sqe = nextSqe();
            sq.prepCancel(sqe, 0, IORING_ASYNC_CANCEL_ANY);
            sq.setUserData(sqe, INTERNAL_CANCEL);
            long deadline = System.nanoTime() + DESTROY_TIMEOUT_NANOS;
            while ((wakeupReadPending || requestsInFlight()) && System.nanoTime() < deadline) {
                ring.submitAndWait(1, TimeUnit.MILLISECONDS.toNanos(100));
                ring.reap(this);
            }
            if (wakeupReadPending || requestsInFlight()) {
                logger.warn("io_uring event loop closed with requests still in flight: {}", describeInFlight());
            }
        } catch (ErrnoException | RuntimeException e) {
            logger.warn("failed to drain the io_uring ring before closing it", e);
        } finally {
            closeResources();
        }
    }

    /**
     * Whether a registration still has a request the kernel may complete. Only those matter at destroy: a channel
     * closed while the loop shuts down has nothing in flight but may never be deregistered, because Netty rejects the
     * deregistration task it queues once the loop is shutting down. Waiting for those made every destroy with open
     * connections take the full 5 s and then leak the read-buffer ring on purpose.
     */
    private boolean requestsInFlight() {
        for (UringIoRegistration r : registrations.values()) {
            if (r.inFlight() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The registrations with requests in flight, each as its handle and their count, for the warning at destroy. */
    private String describeInFlight() {
        StringBuilder out = new StringBuilder();
        for (UringIoRegistration r : registrations.values()) {
            if (r.inFlight() > 0) {
                out.append(r.handle()).append(" (").append(r.inFlight()).append(r.isCancelled() ? ", cancelled) "
                        : ", not cancelled) ");
            }
        }
        return out.toString().strip();
    }

    private void closeResources() {
        // Before the ring: unregistering needs it. Its buffers are free of the kernel once nothing is in flight; if
        // the drain above timed out they are leaked on purpose rather than freed under a pending receive.
        if (readBuffers != null && !requestsInFlight()) {
            try {
                readBuffers.close();
            } catch (ErrnoException e) {
                logger.warn("failed to unregister the read-buffer ring", e);
            }
        }
        // Pipes after the drain too: a SPLICE in flight names them. Pipes still held by a transfer that never got its
        // completion are left open rather than reused under the kernel.
        pipes.close();
        try {
            ring.close();
        } catch (ErrnoException e) {
            logger.warn("failed to close the io_uring ring", e);
        }
        if (eventFd >= 0) {
            try {
                Fd.close(eventFd);
            } catch (ErrnoException e) {
                logger.warn("failed to close the wakeup eventfd", e);
            }
        }
        // Only now: the kernel may have written the pending eventfd read's buffer until the ring was gone.
        if (!wakeupReadPending) {
            arena.close();
        }
    }
}
