package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.Load;
import dev.ringnet.bench.measure.ProcSnapshot;
import java.io.IOException;
import java.time.Duration;

/**
 * Warm-up that lasts until the server's JIT compiler has gone quiet, rather than for a fixed time: rounds of the
 * run's own load until one round in which the compiler threads used under {@link #QUIET_CPU} of a CPU.
 *
 * <p>Why: the server is pinned to its CPUs, and so are its compiler threads. While they still compile, they take
 * the event loop's CPU and lengthen its latency, a cost of a young JVM and not of the transport. Transports need
 * different times to get there. Measured here (echo-64, one connection): after the fixed 3 s warm-up of
 * docs/bench/2026-12-04-targets the ffm-io_uring server's compiler threads still used 0.08-0.26 of a CPU and it
 * measured 1.11x epoll's CPU per request; in a run warmed up for 10 s they were quiet and it measured 1.01x.
 */
public final class JitSettling {
    /** One round of load between two looks at the compiler threads. */
    static final Duration ROUND = Duration.ofSeconds(1);
    /** The compiler threads' share of one CPU under which a round is quiet: under 2 of /proc's 10 ms ticks a second. */
    static final double QUIET_CPU = 0.02;

    private JitSettling() {
    }

    /**
     * Runs {@code load} against the server {@code pid} in rounds until a round is quiet or {@code limit} has passed
     * (the round under way is finished), and returns how long that took.
     */
    public static Duration settle(Load load, long pid, Duration limit) throws IOException, InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            Round round = new Round(pid);
            load.run(Duration.ZERO, ROUND, round);
            if (quiet(round.jitNanos, round.elapsedNanos)) {
                break;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Whether compiler threads that used {@code jitNanos} of CPU over {@code elapsedNanos} were quiet. */
    static boolean quiet(long jitNanos, long elapsedNanos) {
        return elapsedNanos > 0 && jitNanos < QUIET_CPU * elapsedNanos;
    }

    /** The compiler threads' CPU time over one round's measured part. */
    private static final class Round implements Load.Marks {
        private final long pid;
        private long startNanos;
        private long jitBefore;
        long jitNanos;
        long elapsedNanos;

        Round(long pid) {
            this.pid = pid;
        }

        @Override
        public void begin() {
            jitBefore = ProcSnapshot.of(pid).jitNanos();
            startNanos = System.nanoTime();
        }

        @Override
        public void end() {
            elapsedNanos = System.nanoTime() - startNanos;
            jitNanos = ProcSnapshot.of(pid).jitNanos() - jitBefore;
        }
    }
}
