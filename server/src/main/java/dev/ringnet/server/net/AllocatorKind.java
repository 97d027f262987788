package dev.ringnet.server.net;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * The buffer allocators {@code --allocator} chooses from. All prefer direct buffers: the io_uring transports hand
 * buffer addresses to the kernel, and a heap buffer would be copied first.
 *
 * <p>Each allocator is made once per JVM and shared (a pooled allocator's arenas are costly, and servers started
 * one after another in one JVM, as the tests do, should not each grow their own). Any thread.
 */
public enum AllocatorKind {
    /** Netty's jemalloc-style pooled allocator: Netty 4.1's default, and ours. */
    POOLED("pooled"),
    /** Netty 4.2's adaptive allocator (its new default), sizing chunks by observed use. */
    ADAPTIVE("adaptive"),
    /** No pooling: every buffer allocated and freed on its own. For comparison and leak hunting. */
    UNPOOLED("unpooled");

    private final String displayName;

    AllocatorKind(String displayName) {
        this.displayName = displayName;
    }

    /** The name given to {@code --allocator}. */
    public String displayName() {
        return displayName;
    }

    /** The shared allocator of this kind. */
    public ByteBufAllocator allocator() {
        return switch (this) {
            case POOLED -> PooledHolder.INSTANCE;
            case ADAPTIVE -> AdaptiveHolder.INSTANCE;
            case UNPOOLED -> UnpooledHolder.INSTANCE;
        };
    }

    /** How much memory the shared allocator of this kind holds (all three keep count). */
    public ByteBufAllocatorMetric metric() {
        return ((ByteBufAllocatorMetricProvider) allocator()).metric();
    }

    /** The kind named {@code name}, or null. */
    public static AllocatorKind forName(String name) {
        for (AllocatorKind kind : values()) {
            if (kind.displayName.equals(name)) {
                return kind;
            }
        }
        return null;
    }

    // One holder class each, so that only the allocator in use is ever created.
    private static final class PooledHolder {
        static final ByteBufAllocator INSTANCE = new PooledByteBufAllocator(true);
    }

    private static final class AdaptiveHolder {
        static final ByteBufAllocator INSTANCE = new AdaptiveByteBufAllocator(true, true);
    }

    private static final class UnpooledHolder {
        static final ByteBufAllocator INSTANCE = new UnpooledByteBufAllocator(true);
    }
}
