package dev.ringnet.bench.jmh;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.uring.BufferRing;
import dev.ringnet.uring.Ring;
import dev.ringnet.uring.RingOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Giving a buffer back to the kernel through a registered buffer ring (IORING_REGISTER_PBUF_RING): what our
 * transport does after each multishot receive. One buffer at a time ({@code recycle}: write the entry, publish the
 * tail with a release store) and eight at once (eight entries, one publish). No system call is involved.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BufferRingBenchmark {
    private static final int ENTRIES = 256;
    private static final int BUFFER_SIZE = 16 * 1024;

    private Ring ring;
    private BufferRing buffers;
    private Arena arena;
    private long base;
    private int next;

    /** A ring, a buffer ring of 256 entries and the buffers' memory. */
    @Setup(Level.Trial)
    public void open() throws ErrnoException {
        ring = Ring.open(RingOptions.of(8));
        buffers = BufferRing.register(ring, 7, ENTRIES);
        arena = Arena.ofShared();
        MemorySegment memory = arena.allocate((long) ENTRIES * BUFFER_SIZE, 4096);
        base = memory.address();
    }

    /** Unregisters and frees everything. */
    @TearDown(Level.Trial)
    public void close() throws ErrnoException {
        buffers.close();
        ring.close();
        arena.close();
    }

    /** One buffer back to the kernel. */
    @Benchmark
    public int recycleOne() {
        int id = next++ & (ENTRIES - 1);
        buffers.recycle(base + (long) id * BUFFER_SIZE, BUFFER_SIZE, id);
        return id;
    }

    /** Eight buffers back, published together. */
    @Benchmark
    public int recycleEight() {
        int first = next;
        for (int i = 0; i < 8; i++) {
            int id = (first + i) & (ENTRIES - 1);
            buffers.add(base + (long) id * BUFFER_SIZE, BUFFER_SIZE, id, i);
        }
        buffers.advance(8);
        next = first + 8;
        return next;
    }
}
