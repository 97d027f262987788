package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The submission side of a ring: hands out SQEs and fills them, liburing style ({@code getSqe}, then one
 * {@code prep*} call, then optional {@code set*} calls), until {@link Ring#submit} publishes them.
 *
 * <p>An SQE is named by its byte offset in the SQE array (a {@code long}), so preparing one allocates nothing.
 * Every {@code prep*} method writes all 64 bytes of the SQE; {@code set*} methods then adjust single fields.
 *
 * <p>Not thread-safe: only the thread that owns the ring may call it.
 */
public final class SubmissionQueue {
    /** Plain int access with explicit acquire/release modes for the indices shared with the kernel. */
    private static final VarHandle INT = JAVA_INT.varHandle().withInvokeExactBehavior();
    /*
     * SQE fields are written through unaligned layouts: the kernel's SQE array is page-aligned and every field sits
     * at its natural alignment (KernelLayoutTest), so the per-store alignment check of the aligned layouts can never
     * fail; it showed as the hottest Java method of the event loop in a profile of the echo benchmark.
     */
    private static final ValueLayout.OfLong LONG = JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT_FIELD = JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = JAVA_SHORT_UNALIGNED;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final MemorySegment ring;
    private final MemorySegment sqes;
    private final long khead;
    private final long ktail;
    private final long kflags;
    private final long kdropped;
    private final int mask;
    private final int entries;
    /** Next SQE to hand out; published to the kernel's tail by {@link #flush()}. */
    private int sqeTail;
    /** Tail as last published: SQEs in [published, sqeTail) are prepared but not yet visible to the kernel. */
    private int published;

    SubmissionQueue(MemorySegment ring, MemorySegment sqes, MemorySegment params) {
        long sqOff = IoUringParams.SQ_OFF;
        this.ring = ring;
        this.sqes = sqes;
        this.khead = params.get(JAVA_INT, sqOff + IoSqringOffsets.HEAD);
        this.ktail = params.get(JAVA_INT, sqOff + IoSqringOffsets.TAIL);
        this.kflags = params.get(JAVA_INT, sqOff + IoSqringOffsets.FLAGS);
        this.kdropped = params.get(JAVA_INT, sqOff + IoSqringOffsets.DROPPED);
        this.mask = ring.get(JAVA_INT, params.get(JAVA_INT, sqOff + IoSqringOffsets.RING_MASK));
        this.entries = ring.get(JAVA_INT, params.get(JAVA_INT, sqOff + IoSqringOffsets.RING_ENTRIES));
        // The indirection array maps ring slots to SQE indexes; we keep it the identity, set once (unless the
        // ring was created with IORING_SETUP_NO_SQARRAY, which has no array).
        if ((params.get(JAVA_INT, IoUringParams.FLAGS) & IORING_SETUP_NO_SQARRAY) == 0) {
            long array = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + IoSqringOffsets.ARRAY));
            for (int i = 0; i < entries; i++) {
                ring.set(JAVA_INT, array + 4L * i, i);
            }
        }
        // The kernel starts both indexes at zero, but read them rather than assume it.
        this.sqeTail = (int) INT.getAcquire(ring, ktail);
        this.published = sqeTail;
    }

    /** Number of SQEs the ring holds. */
    public int entries() {
        return entries;
    }

    /**
     * Returns the offset of a free SQE, or -1 if the queue is full (submit, then ask again). The SQE's content is
     * undefined until a {@code prep*} call.
     */
    public long getSqe() {
        // Acquire: under SQPOLL the kernel thread advances the head concurrently; we must not reuse a slot it has
        // not finished reading.
        int head = (int) INT.getAcquire(ring, khead);
        if (sqeTail - head >= entries) {
            return -1;
        }
        long sqe = (long) (sqeTail & mask) * IoUringSqe.SIZE;
        sqeTail++;
        return sqe;
    }

    /** SQEs handed out by {@link #getSqe} and not yet published. */
    public int pending() {
        return sqeTail - published;
    }

    /** Free SQE slots. */
    public int remaining() {
        return entries - (sqeTail - (int) INT.getAcquire(ring, khead));
    }

    /**
     * Publishes every prepared SQE to the kernel and returns how many were published by this call. The
     * release store orders all SQE writes before the tail the kernel reads.
     */
    int flush() {
        int n = sqeTail - published;
        if (n != 0) {
            INT.setRelease(ring, ktail, sqeTail);
            published = sqeTail;
        }
        return n;
    }

    /** SQEs published and not yet consumed by the kernel (non-zero only under SQPOLL, or after a failed enter). */
    int unconsumed() {
        return published - (int) INT.getAcquire(ring, khead);
    }

    /**
     * The kernel's SQ flags ({@link IoUringConstants#IORING_SQ_NEED_WAKEUP}, {@code CQ_OVERFLOW}, {@code TASKRUN}).
     * A relaxed read: these flags are hints re-checked by the kernel in {@code io_uring_enter}; the SQPOLL wakeup
     * check adds its own full fence (see {@link Ring#submit}).
     */
    int kernelFlags() {
        return (int) INT.get(ring, kflags);
    }

    /** SQEs the kernel dropped as invalid since the ring was created. */
    public int dropped() {
        return (int) INT.getAcquire(ring, kdropped);
    }

    // ---- prep helpers: each fills the whole SQE through prepRw, then sets its own fields ----

    /**
     * The one writer underneath every prep helper, public for opcodes without a helper (liburing's
     * {@code io_uring_prep_rw}): all 64 bytes are written, the fields not named here zeroed.
     */
    public void prepRw(long sqe, int opcode, int fd, long addr, int len, long off) {
        // Eight 64-bit stores instead of one per field: every store into a segment checks its bounds, so fewer and
        // wider is cheaper (SqePrepBenchmark). Each word's lower-addressed half comes first (see halves).
        sqes.set(LONG, sqe, halves(opcodeWord(opcode), fd)); // opcode, flags 0, ioprio 0 | fd
        sqes.set(LONG, sqe + IoUringSqe.OFF, off);
        sqes.set(LONG, sqe + IoUringSqe.ADDR, addr);
        sqes.set(LONG, sqe + IoUringSqe.LEN, halves(len, 0)); // len | op_flags 0
        sqes.set(LONG, sqe + IoUringSqe.USER_DATA, 0L);
        sqes.set(LONG, sqe + IoUringSqe.BUF_INDEX, 0L); // buf_index, personality, splice_fd_in
        sqes.set(LONG, sqe + IoUringSqe.ADDR3, 0L);
        sqes.set(LONG, sqe + IoUringSqe.PAD2, 0L);
    }

    /** The 32-bit word at the start of an SQE holding {@code opcode}, with {@code flags} and {@code ioprio} zero. */
    private static int opcodeWord(int opcode) {
        return LITTLE_ENDIAN ? opcode & 0xff : (opcode & 0xff) << 24;
    }

    /** The 64-bit word whose lower-addressed four bytes hold {@code first} and the next four {@code second}. */
    private static long halves(int first, int second) {
        long lo = Integer.toUnsignedLong(first);
        long hi = Integer.toUnsignedLong(second);
        return LITTLE_ENDIAN ? lo | hi << 32 : hi | lo << 32;
    }

    /** {@code IORING_OP_NOP}: completes with res 0. */
    public void prepNop(long sqe) {
        prepRw(sqe, IORING_OP_NOP, -1, 0, 0, 0);
    }

    /**
     * {@code IORING_OP_TIMEOUT}: completes with {@code -ETIME} when {@code timespec} (a {@code __kernel_timespec}
     * that must stay valid until the CQE) elapses, or with 0 after {@code count} other completions (0: time only).
     */
    public void prepTimeout(long sqe, MemorySegment timespec, int count, int timeoutFlags) {
        prepRw(sqe, IORING_OP_TIMEOUT, -1, timespec.address(), 1, count);
        setOpFlags(sqe, timeoutFlags);
    }

    /**
     * {@code IORING_OP_ACCEPT}, like {@code accept4(fd, addr, addrlen, flags)}; {@code addr} and {@code addrLen}
     * may be {@link MemorySegment#NULL} and must otherwise stay valid until the CQE.
     */
    public void prepAccept(long sqe, int fd, MemorySegment addr, MemorySegment addrLen, int acceptFlags) {
        prepRw(sqe, IORING_OP_ACCEPT, fd, addr.address(), 0, addrLen.address());
        setOpFlags(sqe, acceptFlags);
    }

    /**
     * Multishot {@code IORING_OP_ACCEPT}: one CQE per accepted connection, flagged {@code IORING_CQE_F_MORE} while
     * the request stays armed. Peer addresses are not reported (read them with getpeername).
     */
    public void prepMultishotAccept(long sqe, int fd, int acceptFlags) {
        prepAccept(sqe, fd, MemorySegment.NULL, MemorySegment.NULL, acceptFlags);
        setIoprio(sqe, IORING_ACCEPT_MULTISHOT);
    }

    /** {@code IORING_OP_CONNECT} to the encoded {@code sockaddr} of {@code addrLen} bytes (valid until the CQE). */
    public void prepConnect(long sqe, int fd, MemorySegment sockaddr, int addrLen) {
        prepRw(sqe, IORING_OP_CONNECT, fd, sockaddr.address(), 0, addrLen);
    }

    /** {@code IORING_OP_RECV} into {@code len} bytes at native address {@code buf}. */
    public void prepRecv(long sqe, int fd, long buf, int len, int msgFlags) {
        prepRw(sqe, IORING_OP_RECV, fd, buf, len, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * {@code IORING_OP_RECV} into a buffer the kernel picks from provided-buffer group {@code bufGroup}; the CQE
     * carries {@code IORING_CQE_F_BUFFER} and the buffer id.
     */
    public void prepRecvBufferSelect(long sqe, int fd, int bufGroup, int msgFlags) {
        prepRecv(sqe, fd, 0, 0, msgFlags);
        setFlags(sqe, IOSQE_BUFFER_SELECT);
        setBufGroup(sqe, bufGroup);
    }

    /** Multishot buffer-select recv: one CQE per arrival, flagged {@code IORING_CQE_F_MORE} while armed. */
    public void prepRecvMultishot(long sqe, int fd, int bufGroup, int msgFlags) {
        prepRecvBufferSelect(sqe, fd, bufGroup, msgFlags);
        setIoprio(sqe, IORING_RECV_MULTISHOT);
    }

    /** {@code IORING_OP_SEND} of {@code len} bytes at native address {@code buf}. */
    public void prepSend(long sqe, int fd, long buf, int len, int msgFlags) {
        prepRw(sqe, IORING_OP_SEND, fd, buf, len, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * {@code IORING_OP_SEND_ZC}: the first CQE reports the bytes sent (with {@code IORING_CQE_F_MORE}); a second,
     * flagged {@code IORING_CQE_F_NOTIF}, says the kernel no longer reads {@code buf}. Free it only after that one.
     */
    public void prepSendZc(long sqe, int fd, long buf, int len, int msgFlags, int zcFlags) {
        prepRw(sqe, IORING_OP_SEND_ZC, fd, buf, len, 0);
        setOpFlags(sqe, msgFlags);
        setIoprio(sqe, zcFlags);
    }

    /** {@code IORING_OP_SENDMSG} with a {@code struct msghdr} at native address {@code msghdr}. */
    public void prepSendmsg(long sqe, int fd, long msghdr, int msgFlags) {
        prepRw(sqe, IORING_OP_SENDMSG, fd, msghdr, 1, 0);
        setOpFlags(sqe, msgFlags);
    }

    /**
     * {@code IORING_OP_SENDMSG_ZC} (Linux 6.1): {@link #prepSendmsg} sending from the iovecs' memory itself, with the
     * two CQEs of {@link #prepSendZc}. The msghdr, iovecs and buffers belong to the kernel until the notification.
     */
    public void prepSendmsgZc(long sqe, int fd, long msghdr, int msgFlags, int zcFlags) {
        prepRw(sqe, IORING_OP_SENDMSG_ZC, fd, msghdr, 1, 0);
        setOpFlags(sqe, msgFlags);
        setIoprio(sqe, zcFlags);
    }

    /** {@code IORING_OP_WRITEV} of {@code count} iovecs at native address {@code iovecs}; offset -1 for sockets. */
    public void prepWritev(long sqe, int fd, long iovecs, int count, long offset) {
        prepRw(sqe, IORING_OP_WRITEV, fd, iovecs, count, offset);
    }

    /** {@code IORING_OP_READ} of up to {@code len} bytes (an eventfd's 8-byte counter, say); offset -1: current. */
    public void prepRead(long sqe, int fd, long buf, int len, long offset) {
        prepRw(sqe, IORING_OP_READ, fd, buf, len, offset);
    }

    /**
     * {@code IORING_OP_SPLICE}, like {@code splice(fdIn, offIn, fdOut, offOut, len, flags)}; an offset of -1 means
     * "no offset" (required for pipes and sockets).
     */
    public void prepSplice(long sqe, int fdIn, long offIn, int fdOut, long offOut, int len, int spliceFlags) {
        prepRw(sqe, IORING_OP_SPLICE, fdOut, offIn, len, offOut);
        sqes.set(INT_FIELD, sqe + IoUringSqe.SPLICE_FD_IN, fdIn);
        setOpFlags(sqe, spliceFlags);
    }

    /** {@code IORING_OP_SHUTDOWN}, like {@code shutdown(fd, how)}. */
    public void prepShutdown(long sqe, int fd, int how) {
        prepRw(sqe, IORING_OP_SHUTDOWN, fd, 0, how, 0);
    }

    /** {@code IORING_OP_CLOSE}, like {@code close(fd)}. */
    public void prepClose(long sqe, int fd) {
        prepRw(sqe, IORING_OP_CLOSE, fd, 0, 0, 0);
    }

    /** {@code IORING_OP_ASYNC_CANCEL} of the request(s) submitted with {@code userData}. */
    public void prepCancel(long sqe, long userData, int cancelFlags) {
        prepRw(sqe, IORING_OP_ASYNC_CANCEL, -1, userData, 0, 0);
        setOpFlags(sqe, cancelFlags);
    }

    /** {@code IORING_OP_ASYNC_CANCEL} of requests on {@code fd} ({@code IORING_ASYNC_CANCEL_ALL} for every one). */
    public void prepCancelFd(long sqe, int fd, int cancelFlags) {
        prepRw(sqe, IORING_OP_ASYNC_CANCEL, fd, 0, 0, 0);
        setOpFlags(sqe, cancelFlags | IORING_ASYNC_CANCEL_FD);
    }

    /**
     * {@code IORING_OP_POLL_ADD} for the {@code poll(2)} events in {@code pollMask}; {@code multishot} keeps it armed
     * ({@code IORING_POLL_ADD_MULTI}).
     */
    public void prepPollAdd(long sqe, int fd, int pollMask, boolean multishot) {
        prepRw(sqe, IORING_OP_POLL_ADD, fd, 0, multishot ? IORING_POLL_ADD_MULTI : 0, 0);
        setOpFlags(sqe, pollMask);
    }

    // ---- single-field setters, after a prep call ----

    /** The 64 bits the kernel echoes in this SQE's CQE(s). */
    public void setUserData(long sqe, long userData) {
        sqes.set(LONG, sqe + IoUringSqe.USER_DATA, userData);
    }

    /** Adds {@code IOSQE_*} flags (for example {@code IOSQE_IO_LINK}, {@code IOSQE_BUFFER_SELECT}). */
    public void setFlags(long sqe, int sqeFlags) {
        byte old = sqes.get(JAVA_BYTE, sqe + IoUringSqe.FLAGS);
        sqes.set(JAVA_BYTE, sqe + IoUringSqe.FLAGS, (byte) (old | sqeFlags));
    }

    /** Sets the provided-buffer group used with {@code IOSQE_BUFFER_SELECT}. */
    public void setBufGroup(long sqe, int bufGroup) {
        sqes.set(SHORT, sqe + IoUringSqe.BUF_INDEX, (short) bufGroup);
    }

    /** Adds bits to the SQE's {@code ioprio} field, which some opcodes use for their own flags. */
    public void setIoprio(long sqe, int ioprio) {
        short old = sqes.get(SHORT, sqe + IoUringSqe.IOPRIO);
        sqes.set(SHORT, sqe + IoUringSqe.IOPRIO, (short) (old | ioprio));
    }

    /** Sets the per-opcode flags word ({@code msg_flags}, {@code timeout_flags}, {@code splice_flags}, ...). */
    public void setOpFlags(long sqe, int opFlags) {
        sqes.set(INT_FIELD, sqe + IoUringSqe.OP_FLAGS, opFlags);
    }
}
