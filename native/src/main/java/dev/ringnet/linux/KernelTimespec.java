package dev.ringnet.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct __kernel_timespec} from {@code <linux/time_types.h>}: the 64-bit timespec that io_uring takes for
 * {@code IORING_OP_TIMEOUT}, {@code IORING_OP_LINK_TIMEOUT} and {@code io_uring_getevents_arg.ts}, on every arch.
 * <pre>
 * struct __kernel_timespec {
 *     __kernel_time64_t tv_sec;     // seconds
 *     long long         tv_nsec;    // nanoseconds, 0 to 999,999,999
 * };
 * </pre>
 */
public final class KernelTimespec {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long TV_SEC = LAYOUT.byteOffset(groupElement("tv_sec"));
    public static final long TV_NSEC = LAYOUT.byteOffset(groupElement("tv_nsec"));

    private KernelTimespec() {
    }
}
