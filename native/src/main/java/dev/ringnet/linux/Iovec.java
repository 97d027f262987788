package dev.ringnet.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct iovec} from {@code <sys/uio.h>}: one buffer of a scatter/gather list.
 * <pre>
 * struct iovec {
 *     void  *iov_base;
 *     size_t iov_len;
 * };
 * </pre>
 */
public final class Iovec {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));

    public static final long SIZE = LAYOUT.byteSize();
    public static final long IOV_BASE = LAYOUT.byteOffset(groupElement("iov_base"));
    public static final long IOV_LEN = LAYOUT.byteOffset(groupElement("iov_len"));

    private Iovec() {
    }
}
