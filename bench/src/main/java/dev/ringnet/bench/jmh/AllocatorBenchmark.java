package dev.ringnet.bench.jmh;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Get and release one direct buffer from each allocator the server offers ({@code --allocator pooled|adaptive|
 * unpooled}), at the sizes the scenarios move: a small message, a page, a read buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AllocatorBenchmark {
    @Param({"pooled", "adaptive", "unpooled"})
    String allocator;

    @Param({"64", "4096", "16384"})
    int size;

    private ByteBufAllocator alloc;

    /** Picks the allocator. */
    @Setup
    public void pick() {
        alloc = switch (allocator) {
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            case "adaptive" -> new AdaptiveByteBufAllocator(true, false);
            case "unpooled" -> new UnpooledByteBufAllocator(true);
            default -> throw new IllegalArgumentException(allocator);
        };
    }

    /** One get and release; writes a byte so the buffer is really used. */
    @Benchmark
    public int getAndRelease() {
        ByteBuf buf = alloc.directBuffer(size);
        buf.writeByte(1);
        int capacity = buf.capacity();
        buf.release();
        return capacity;
    }
}
