package dev.ringnet.bench.jmh;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.uring.Ring;
import dev.ringnet.uring.RingOptions;
import dev.ringnet.uring.SubmissionQueue;
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
 * The SQE the transport fills for every response it sends ({@code prepSend} and the user_data; receives are
 * multishot, armed once per connection). Nothing is submitted: the same slot is filled again and again, so the score
 * is the cost of the writes into the shared SQE array alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SqePrepBenchmark {
    private Ring ring;
    private SubmissionQueue sq;
    private long sqe;
    private long userData;

    /** Opens a small ring and takes one SQE slot to fill. */
    @Setup(Level.Trial)
    public void open() throws ErrnoException {
        ring = Ring.open(RingOptions.of(8));
        sq = ring.sq();
        sqe = sq.getSqe();
    }

    /** Closes the ring; the slot was never published. */
    @TearDown(Level.Trial)
    public void close() throws ErrnoException {
        ring.close();
    }

    /** A send of 64 bytes, as the transport's writer prepares it. */
    @Benchmark
    public long prepSend() {
        sq.prepSend(sqe, 12, 0x7f00_0000_1000L, 64, 0x4000);
        sq.setUserData(sqe, ++userData);
        return userData;
    }
}
