package dev.ringnet.transport;

import dev.ringnet.uring.SubmissionQueue;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;

/**
 * The tie between one {@link UringIoHandle} and its {@link UringIoHandler}: requests are submitted through it and
 * their completions come back to the handle.
 *
 * <p>It counts requests in flight (a multishot request counts once, until its last CQE). {@link #cancel()} makes it
 * invalid at once, but it stays in the handler's table until the last in-flight request has completed, so the
 * handle still sees every completion and can free what the kernel held.
 *
 * <p>Must be used on the event loop thread only.
 */
public final class UringIoRegistration implements IoRegistration {
    private final UringIoHandler handler;
    private final UringIoHandle handle;
    private final int id;
    private int inFlight;
    private boolean cancelled;

    UringIoRegistration(UringIoHandler handler, UringIoHandle handle, int id) {
        this.handler = handler;
        this.handle = handle;
        this.id = id;
    }

    /**
     * This registration itself. Netty hands channels a wrapper of it; {@code attachment()} is how they reach the
     * SQE-level methods ({@link #nextSqe}, {@link #track}) that avoid a {@link UringIoOps} object per request.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) this;
    }

    /**
     * Prepares and queues one request described by {@code ops} (a {@link UringIoOps}); it reaches the kernel at the
     * event loop's next submit. Returns its user_data, or -1 if this registration is no longer valid.
     */
    @Override
    public long submit(IoOps ops) {
        UringIoOps op = (UringIoOps) ops;
        if (cancelled) {
            return -1;
        }
        SubmissionQueue sq = handler.sq();
        long sqe = nextSqe();
        sq.prepRw(sqe, op.opcode(), op.fd(), op.addr(), op.len(), op.offset());
        sq.setOpFlags(sqe, op.opFlags());
        sq.setFlags(sqe, op.sqeFlags());
        sq.setIoprio(sqe, op.ioprio());
        return track(sqe, op.opcode(), op.data());
    }

    /** The submission queue of the handler's ring, for preparing SQEs without a {@link UringIoOps} object. */
    public SubmissionQueue sq() {
        return handler.sq();
    }

    /** A free SQE; submits what is queued first if the SQ is full. Follow with one prep call and {@link #track}. */
    public long nextSqe() {
        return handler.nextSqe();
    }

    /**
     * Sets the SQE's user_data so its completion comes back to this registration's handle as {@code opcode} and
     * {@code data}, and counts it in flight. Returns the user_data (for a later cancel).
     */
    public long track(long sqe, int opcode, int data) {
        long userData = UserData.encode(id, opcode, data);
        handler.sq().setUserData(sqe, userData);
        inFlight++;
        return userData;
    }

    /**
     * Hands every queued SQE to the kernel now rather than at the loop's next submit: needed before closing an fd
     * that queued requests name, since a request takes its reference to the file only when submitted.
     */
    public void submitNow() {
        handler.submitNow();
    }

    /** Queues an {@code IORING_OP_ASYNC_CANCEL} of the request with {@code userData}; its own completion is silent. */
    public void cancelRequest(long userData) {
        handler.cancelRequest(userData);
    }

    /** The kernel features the handler's configuration allows. */
    public UringIoHandlerConfig.FeatureSet features() {
        return handler.config().features();
    }

    /** The read buffers the loop's connections share for multishot receives, or null if it has none. */
    ReadBufferRing readBuffers() {
        return handler.readBuffers();
    }

    /** How many times the loop's ring collected CQEs that overflowed its CQ; on the loop only. */
    long cqOverflowEnters() {
        return handler.cqOverflowEnters();
    }

    /** Single-buffer sends of at least this many bytes use SEND_ZC; -1: never. */
    int sendZcThreshold() {
        return handler.sendZcThreshold();
    }

    /** The pipes the loop's splices go through. */
    PipePool pipes() {
        return handler.pipes();
    }

    /** Requests submitted whose last completion has not arrived yet. */
    public int inFlight() {
        return inFlight;
    }

    @Override
    public boolean isValid() {
        return !cancelled;
    }

    /**
     * Marks this registration invalid. The handle is told ({@code unregistered()}) once nothing of it is in flight.
     * Returns false if it was already cancelled.
     */
    @Override
    public boolean cancel() {
        if (cancelled) {
            return false;
        }
        cancelled = true;
        handler.released(this);
        return true;
    }

    int id() {
        return id;
    }

    UringIoHandle handle() {
        return handle;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** A last CQE (no {@code IORING_CQE_F_MORE}) arrived for one of this registration's requests. */
    void completed() {
        inFlight--;
    }
}
