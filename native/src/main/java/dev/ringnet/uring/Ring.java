package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Fd;
import dev.ringnet.linux.KernelTimespec;
import dev.ringnet.linux.LibC;
import dev.ringnet.linux.Mman;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance: the ring fd, its mmapped SQ and CQ, and the {@code io_uring_enter} and
 * {@code io_uring_register} calls on it.
 *
 * <p>Usage is liburing's: {@code long sqe = ring.sq().getSqe(); ring.sq().prepNop(sqe); ring.sq().setUserData(sqe,
 * 42); ring.submitAndWait(1); ring.reap(handler);}.
 *
 * <p>Not thread-safe: a ring belongs to one thread (create it anywhere, then use it only from that thread). Memory
 * handed to the kernel in an SQE belongs to the kernel until its CQE arrives; {@link #close()} does not wait for
 * in-flight requests, so cancel and drain them first if their memory is to be reused.
 */
public final class Ring implements AutoCloseable {
    /** {@code _NSIG / 8}: the kernel rejects any other sigmask size in {@code io_uring_getevents_arg}. */
    private static final int SIGSET_SIZE = 8;
    /** Kernel entries one {@link #reap} may make to collect overflowed CQEs and deferred completions. */
    public static final int MAX_REAP_ENTERS = 4;

    private final Arena arena;
    private final int fd;
    private final int setupFlags;
    private final int features;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    /** errno capture for this ring's calls: owned by the ring, so no thread-local lookup per enter. */
    private final MemorySegment callState;
    /** {@code io_uring_getevents_arg} followed by the {@code __kernel_timespec} it points to. */
    private final MemorySegment waitArg;
    private final boolean sqPoll;
    /** The fd passed to io_uring_enter: the ring fd, or its index once registered with RING_FDS. */
    private int enterFd;
    /** {@code IORING_ENTER_REGISTERED_RING} once the ring fd is registered. */
    private int enterFlags;
    /** Enters made while the kernel held CQEs in its overflow list; see {@link #cqOverflowEnters()}. */
    private long cqOverflowEnters;
    private boolean closed;

    private Ring(Arena arena, int fd, MemorySegment params, SubmissionQueue sq, CompletionQueue cq) {
        this.arena = arena;
        this.fd = fd;
        this.enterFd = fd;
        this.setupFlags = params.get(JAVA_INT, IoUringParams.FLAGS);
        this.features = params.get(JAVA_INT, IoUringParams.FEATURES);
        this.sq = sq;
        this.cq = cq;
        this.sqPoll = (setupFlags & IORING_SETUP_SQPOLL) != 0;
        this.callState = arena.allocate(LibC.callStateLayout());
        this.waitArg = arena.allocate(IoUringGeteventsArg.SIZE + KernelTimespec.SIZE, 8);
        waitArg.set(JAVA_INT, IoUringGeteventsArg.SIGMASK_SZ, SIGSET_SIZE);
        waitArg.set(JAVA_LONG, IoUringGeteventsArg.TS, waitArg.address() + IoUringGeteventsArg.SIZE);
    }

    /**
     * Creates a ring with {@code io_uring_setup} and maps its queues.
     *
     * @throws ErrnoException naming {@code io_uring_setup} and the errno when the kernel refuses (see
     *                        {@link IoUringSupport#explain(int)} for what each errno means to a user)
     */
    public static Ring open(RingOptions options) throws ErrnoException {
        if ((options.setupFlags() & (IORING_SETUP_SQE128 | IORING_SETUP_CQE32 | IORING_SETUP_NO_MMAP)) != 0) {
            throw new IllegalArgumentException("SQE128, CQE32 and NO_MMAP rings are not supported");
        }
        Arena arena = Arena.ofShared();
        try {
            boolean pinPoller = options.sqThreadCpu() >= 0;
            MemorySegment params = arena.allocate(IoUringParams.LAYOUT);
            params.set(JAVA_INT, IoUringParams.FLAGS, options.setupFlags() | (pinPoller ? IORING_SETUP_SQ_AFF : 0));
            params.set(JAVA_INT, IoUringParams.CQ_ENTRIES, options.cqEntries());
            params.set(JAVA_INT, IoUringParams.SQ_THREAD_IDLE, options.sqThreadIdleMillis());
            params.set(JAVA_INT, IoUringParams.SQ_THREAD_CPU, pinPoller ? options.sqThreadCpu() : 0);
            MemorySegment state = arena.allocate(LibC.callStateLayout());
            int fd = IoUringSyscalls.setup(state, options.sqEntries(), params);
            if (fd < 0) {
                throw new ErrnoException("io_uring_setup(entries=" + options.sqEntries() + ")", -fd);
            }
            try {
                return map(arena, fd, params);
            } catch (Throwable t) {
                closeQuietly(fd, t);
                throw t;
            }
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    private static Ring map(Arena arena, int fd, MemorySegment params) throws ErrnoException {
        int sqEntries = params.get(JAVA_INT, IoUringParams.SQ_ENTRIES);
        int cqEntries = params.get(JAVA_INT, IoUringParams.CQ_ENTRIES);
        int flags = params.get(JAVA_INT, IoUringParams.FLAGS);
        long sqArray = Integer.toUnsignedLong(params.get(JAVA_INT, IoUringParams.SQ_OFF + IoSqringOffsets.ARRAY));
        long sqSize = (flags & IORING_SETUP_NO_SQARRAY) != 0 ? 0 : sqArray + 4L * sqEntries;
        long cqSize = Integer.toUnsignedLong(params.get(JAVA_INT, IoUringParams.CQ_OFF + IoCqringOffsets.CQES))
                + IoUringCqe.SIZE * cqEntries;
        int prot = Mman.PROT_READ | Mman.PROT_WRITE;
        int mapFlags = Mman.MAP_SHARED | Mman.MAP_POPULATE;
        MemorySegment sqRing;
        MemorySegment cqRing;
        // Since 5.4 (IORING_FEAT_SINGLE_MMAP) both rings live in one mapping at IORING_OFF_SQ_RING.
        if ((params.get(JAVA_INT, IoUringParams.FEATURES) & IORING_FEAT_SINGLE_MMAP) != 0) {
            sqRing = Mman.mmap(Math.max(sqSize, cqSize), prot, mapFlags, fd, IORING_OFF_SQ_RING, arena);
            cqRing = sqRing;
        } else {
            sqRing = Mman.mmap(sqSize, prot, mapFlags, fd, IORING_OFF_SQ_RING, arena);
            cqRing = Mman.mmap(cqSize, prot, mapFlags, fd, IORING_OFF_CQ_RING, arena);
        }
        MemorySegment sqes = Mman.mmap(IoUringSqe.SIZE * sqEntries, prot, mapFlags, fd, IORING_OFF_SQES, arena);
        return new Ring(arena, fd, params,
                new SubmissionQueue(sqRing, sqes, params), new CompletionQueue(cqRing, params));
    }

    /** The submission queue. */
    public SubmissionQueue sq() {
        return sq;
    }

    /** The completion queue. */
    public CompletionQueue cq() {
        return cq;
    }

    /** The ring's file descriptor. */
    public int fd() {
        return fd;
    }

    /** The {@code IORING_SETUP_*} flags the ring was created with. */
    public int setupFlags() {
        return setupFlags;
    }

    /** The {@code IORING_FEAT_*} bits the kernel reported at setup. */
    public int features() {
        return features;
    }

    /** Whether the kernel reported {@code IORING_FEAT_*} {@code feature}. */
    public boolean hasFeature(int feature) {
        return (features & feature) == feature;
    }

    /**
     * Publishes prepared SQEs and tells the kernel about them; returns the number it consumed. Makes no system call
     * when there is nothing to submit and nothing to flush, nor under SQPOLL while the poller is awake.
     */
    public int submit() throws ErrnoException {
        return enter(0, 0, 0);
    }

    /**
     * Submits and, in the same enter, has the kernel post the completions it holds back (deferred task work, an
     * overflow): one system call where {@link #submit()} then {@link #reap} could take two. Never waits; makes no
     * system call when there is nothing to submit and nothing held back. Returns the SQEs consumed.
     */
    public int submitAndCollect() throws ErrnoException {
        if (sqPoll || (sq.pending() == 0 && sq.unconsumed() == 0)) {
            return submit(); // enters only to collect what the kernel holds back, or to wake the SQPOLL thread
        }
        return enter(0, IORING_ENTER_GETEVENTS, 0);
    }

    /** Submits, then waits until at least {@code minComplete} CQEs are ready. Returns the SQEs consumed. */
    public int submitAndWait(int minComplete) throws ErrnoException {
        return enter(minComplete, IORING_ENTER_GETEVENTS, 0);
    }

    /**
     * Under SQPOLL, waits until the poller thread has taken SQEs and the SQ has a free slot
     * ({@code IORING_ENTER_SQ_WAIT}, Linux 5.10); without SQPOLL, submits, which frees every slot. Call when
     * {@link SubmissionQueue#getSqe()} finds the queue full.
     */
    public void awaitSqSpace() throws ErrnoException {
        if (!sqPoll) {
            submit();
            return;
        }
        while (sq.remaining() == 0) {
            enter(0, IORING_ENTER_SQ_WAIT, 0);
        }
    }

    /** Whether a kernel thread polls this ring's SQ ({@code IORING_SETUP_SQPOLL}). */
    public boolean isSqPoll() {
        return sqPoll;
    }

    /**
     * Submits, then waits until {@code minComplete} CQEs are ready or {@code timeoutNanos} pass, whichever comes
     * first; a timeout is not an error. Needs {@code IORING_FEAT_EXT_ARG} (Linux 5.11).
     */
    public int submitAndWait(int minComplete, long timeoutNanos) throws ErrnoException {
        waitArg.set(JAVA_LONG, IoUringGeteventsArg.SIZE + KernelTimespec.TV_SEC, timeoutNanos / 1_000_000_000L);
        waitArg.set(JAVA_LONG, IoUringGeteventsArg.SIZE + KernelTimespec.TV_NSEC, timeoutNanos % 1_000_000_000L);
        return enter(minComplete, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, waitArg.address());
    }

    /**
     * Hands the ready CQEs to {@code handler}, including those the kernel held back in its overflow list while the
     * CQ was full, and returns how many were handled. Never waits. Enters the kernel at most
     * {@value #MAX_REAP_ENTERS} times to collect more: what is left then shows up at the next reap or wait.
     */
    public int reap(CompletionHandler handler) throws ErrnoException {
        int total = cq.forEach(handler);
        // Overflowed CQEs (IORING_FEAT_NODROP) and deferred task work reach the CQ only through io_uring_enter.
        // Bounded: under DEFER_TASKRUN a steady stream (a multishot receive of a fast sender) keeps TASKRUN set after
        // every enter, and an unbounded loop here starved the event loop's tasks until the stream stopped.
        for (int enters = 0; enters < MAX_REAP_ENTERS && cqNeedsEnter(); enters++) {
            enter(0, IORING_ENTER_GETEVENTS, 0);
            int n = cq.forEach(handler);
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Whether CQEs wait in the kernel's overflow list or task work is pending (both need an enter to show up). */
    public boolean cqNeedsEnter() {
        return cqNeedsEnter(sq.kernelFlags());
    }

    private static boolean cqNeedsEnter(int kernelFlags) {
        return (kernelFlags & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) != 0;
    }

    /**
     * How many times this ring entered the kernel while CQEs waited in its overflow list, that is after the CQ had
     * been full: zero when the CQ is sized for the load, growing when it is not (nothing is lost either way with
     * {@code IORING_FEAT_NODROP}, but each overflow costs an allocation in the kernel and an extra enter).
     */
    public long cqOverflowEnters() {
        return cqOverflowEnters;
    }

    private int enter(int minComplete, int flags, long arg) throws ErrnoException {
        sq.flush();
        int toSubmit = sq.unconsumed();
        if (sqPoll) {
            // Full fence between publishing the tail and reading NEED_WAKEUP, paired with the barrier the SQPOLL
            // thread issues between setting NEED_WAKEUP and re-checking the tail (liburing's sq_ring_needs_enter).
            VarHandle.fullFence();
            if ((sq.kernelFlags() & IORING_SQ_NEED_WAKEUP) != 0) {
                flags |= IORING_ENTER_SQ_WAKEUP;
            }
        }
        int kernelFlags = sq.kernelFlags();
        if ((kernelFlags & IORING_SQ_CQ_OVERFLOW) != 0) {
            cqOverflowEnters++;
        }
        if (cqNeedsEnter(kernelFlags)) {
            flags |= IORING_ENTER_GETEVENTS;
        }
        boolean mustEnter = (flags & (IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | IORING_ENTER_SQ_WAIT)) != 0;
        if (!mustEnter && (toSubmit == 0 || sqPoll)) {
            return toSubmit;
        }
        long argSize = (flags & IORING_ENTER_EXT_ARG) != 0 ? IoUringGeteventsArg.SIZE : 0;
        int rc = IoUringSyscalls.enter(callState, enterFd, toSubmit, minComplete, flags | enterFlags, arg, argSize);
        if (rc >= 0) {
            return rc;
        }
        return switch (-rc) {
            // A timeout or a signal ends a wait early; EAGAIN/EBUSY mean "reap, then submit again": the SQEs stay
            // published and are offered again by the next enter.
            case Errno.ETIME, Errno.EINTR, Errno.EAGAIN, Errno.EBUSY -> 0;
            default -> throw ErrnoException.ofFd("io_uring_enter", fd, -rc);
        };
    }

    // ---- io_uring_register ----

    /**
     * Registers the ring fd with the ring itself ({@code IORING_REGISTER_RING_FDS}, Linux 5.18) so each enter skips
     * the fd table lookup. Returns false if the kernel does not support it. The kernel keeps the registration per
     * thread: call this on the thread that will use the ring, and use the ring only there.
     */
    public boolean registerRingFd() throws ErrnoException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment update = scratch.allocate(IoUringRsrcUpdate.LAYOUT);
            update.set(JAVA_INT, IoUringRsrcUpdate.OFFSET, -1);
            update.set(JAVA_LONG, IoUringRsrcUpdate.DATA, fd);
            int rc = register(IORING_REGISTER_RING_FDS, update.address(), 1);
            if (rc == -Errno.EINVAL) {
                return false;
            }
            check("IORING_REGISTER_RING_FDS", rc);
            enterFd = update.get(JAVA_INT, IoUringRsrcUpdate.OFFSET);
            enterFlags = IORING_ENTER_REGISTERED_RING;
            return true;
        }
    }

    /**
     * Enables a ring created with {@code IORING_SETUP_R_DISABLED} ({@code IORING_REGISTER_ENABLE_RINGS}). Under
     * {@code SINGLE_ISSUER} the calling thread becomes the only one allowed to submit: so create the ring disabled
     * anywhere, then enable it on the thread that will use it.
     */
    public void enableRings() throws ErrnoException {
        check("IORING_REGISTER_ENABLE_RINGS", register(IORING_REGISTER_ENABLE_RINGS, 0, 0));
    }

    /** Whether {@link #registerRingFd()} succeeded. */
    public boolean isRingFdRegistered() {
        return enterFlags != 0;
    }

    /** Queries which opcodes this kernel supports ({@code IORING_REGISTER_PROBE}, Linux 5.6). */
    public Probe probe() throws ErrnoException {
        return Probe.of(this);
    }

    /** Signals {@code eventFd} on every completion ({@code IORING_REGISTER_EVENTFD}). */
    public void registerEventFd(int eventFd) throws ErrnoException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment value = scratch.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, eventFd);
            check("IORING_REGISTER_EVENTFD", register(IORING_REGISTER_EVENTFD, value.address(), 1));
        }
    }

    /** Undoes {@link #registerEventFd}. */
    public void unregisterEventFd() throws ErrnoException {
        check("IORING_UNREGISTER_EVENTFD", register(IORING_UNREGISTER_EVENTFD, 0, 0));
    }

    /** Registers {@code fds} as fixed files, addressed by index with {@code IOSQE_FIXED_FILE}. */
    public void registerFiles(int... fds) throws ErrnoException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment array = scratch.allocateFrom(JAVA_INT, fds);
            check("IORING_REGISTER_FILES", register(IORING_REGISTER_FILES, array.address(), fds.length));
        }
    }

    /** Undoes {@link #registerFiles}. */
    public void unregisterFiles() throws ErrnoException {
        check("IORING_UNREGISTER_FILES", register(IORING_UNREGISTER_FILES, 0, 0));
    }

    /**
     * Registers {@code count} buffers described by the {@code struct iovec} array at {@code iovecs} as fixed buffers
     * (pinned; they count against RLIMIT_MEMLOCK on kernels before 5.12).
     */
    public void registerBuffers(MemorySegment iovecs, int count) throws ErrnoException {
        check("IORING_REGISTER_BUFFERS", register(IORING_REGISTER_BUFFERS, iovecs.address(), count));
    }

    /** Undoes {@link #registerBuffers}. */
    public void unregisterBuffers() throws ErrnoException {
        check("IORING_UNREGISTER_BUFFERS", register(IORING_UNREGISTER_BUFFERS, 0, 0));
    }

    /** Raw {@code io_uring_register} on this ring: the result or -errno. For the classes of this package. */
    int register(int opcode, long arg, int nrArgs) {
        return IoUringSyscalls.register(callState, fd, opcode, arg, nrArgs);
    }

    void check(String opcode, int rc) throws ErrnoException {
        if (rc < 0) {
            throw new ErrnoException("io_uring_register(fd=" + fd + ", " + opcode + ")", -rc);
        }
    }

    /**
     * Closes the ring fd and unmaps the queues. The kernel cancels whatever is still in flight, asynchronously.
     * Idempotent.
     */
    @Override
    public void close() throws ErrnoException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Fd.close(fd);
        } finally {
            arena.close();
        }
    }

    private static void closeQuietly(int fd, Throwable cause) {
        try {
            Fd.close(fd);
        } catch (ErrnoException e) {
            cause.addSuppressed(e);
        }
    }
}
