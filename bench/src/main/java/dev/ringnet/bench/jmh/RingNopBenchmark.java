package dev.ringnet.bench.jmh;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.uring.CompletionHandler;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch of NOPs through our ring: get and prep {@code batch} SQEs, one {@code io_uring_enter} that submits
 * them and waits for all completions, then reap them. The score is per batch; divide by {@code batch} for the cost
 * per NOP, which shows how far one system call is amortized.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RingNopBenchmark {
    @Param({"1", "8", "64", "256"})
    int batch;

    private Ring ring;
    private SubmissionQueue sq;
    private final Counter counter = new Counter();

    /** A completion handler that only counts: a field, so reaping allocates nothing. */
    static final class Counter implements CompletionHandler {
        long completions;

        @Override
        public void handle(long userData, int res, int flags) {
            completions += res == 0 ? 1 : 0;
        }
    }

    /** Opens a ring large enough for the biggest batch. */
    @Setup(Level.Trial)
    public void open() throws ErrnoException {
        ring = Ring.open(RingOptions.of(256));
        sq = ring.sq();
    }

    /** Closes the ring. */
    @TearDown(Level.Trial)
    public void close() throws ErrnoException {
        ring.close();
    }

    /** Prep, submit-and-wait, reap one batch; returns the completions so the JIT keeps the work. */
    @Benchmark
    public long nopBatch() throws ErrnoException {
        for (int i = 0; i < batch; i++) {
            long sqe = sq.getSqe();
            sq.prepNop(sqe);
            sq.setUserData(sqe, i);
        }
        ring.submitAndWait(batch);
        ring.reap(counter);
        return counter.completions;
    }
}
