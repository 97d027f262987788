package dev.ringnet.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct io_uring_getevents_arg} from {@code <linux/io_uring.h>}: the argument of {@code io_uring_enter(2)}
 * with {@code IORING_ENTER_EXT_ARG}, whose {@code argsz} is then {@link #SIZE}.
 * <pre>
 * struct io_uring_getevents_arg {
 *     __u64 sigmask;          // sigset_t *, or 0
 *     __u32 sigmask_sz;
 *     __u32 min_wait_usec;    // "pad" (must be 0) before 6.12; honoured with IORING_FEAT_MIN_TIMEOUT
 *     __u64 ts;               // struct __kernel_timespec *, or 0 to wait without timeout
 * };
 * </pre>
 */
public final class IoUringGeteventsArg {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("sigmask"),
            JAVA_INT.withName("sigmask_sz"),
            JAVA_INT.withName("pad"),
            JAVA_LONG.withName("ts"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long SIGMASK = LAYOUT.byteOffset(groupElement("sigmask"));
    public static final long SIGMASK_SZ = LAYOUT.byteOffset(groupElement("sigmask_sz"));
    /** {@code pad} in 6.1 headers, {@code min_wait_usec} (microseconds) from 6.12. */
    public static final long PAD = LAYOUT.byteOffset(groupElement("pad"));
    public static final long TS = LAYOUT.byteOffset(groupElement("ts"));

    private IoUringGeteventsArg() {
    }
}
