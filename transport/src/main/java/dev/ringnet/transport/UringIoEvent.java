package dev.ringnet.transport;

import io.netty.channel.IoEvent;

/**
 * One completion as a Netty {@link IoEvent}. The handler reuses a single instance for every completion it
 * dispatches, so a handle must read it during {@code handle(...)} and not keep it.
 */
public final class UringIoEvent implements IoEvent {
    private int opcode;
    private int res;
    private int flags;
    private int data;

    void set(int opcode, int res, int flags, int data) {
        this.opcode = opcode;
        this.res = res;
        this.flags = flags;
        this.data = data;
    }

    /** The {@code IORING_OP_*} of the request that completed. */
    public int opcode() {
        return opcode;
    }

    /** The result: non-negative on success, {@code -errno} on failure. */
    public int res() {
        return res;
    }

    /** The CQE's {@code IORING_CQE_F_*} flags (and the buffer id above {@code IORING_CQE_BUFFER_SHIFT}). */
    public int flags() {
        return flags;
    }

    /** The 24 bits of caller data the request was submitted with. */
    public int data() {
        return data;
    }

    @Override
    public String toString() {
        return "UringIoEvent(op=" + opcode + ", res=" + res + ", flags=0x" + Integer.toHexString(flags)
                + ", data=" + data + ")";
    }
}
