package dev.ringnet.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters shared by the connections of one load: completed units, bytes, errors and a latency histogram,
 * recorded only between {@link #begin()} and {@link #end()}.
 *
 * <p>Thread-safe: event loop threads record, the load's driving thread begins and ends. Recording costs no
 * allocation ({@link Recorder} swaps between two histograms).
 */
public final class LoadStats {
    /** Latencies up to a minute with 3 significant digits. */
    private static final long MAX_NANOS = 60_000_000_000L;

    private final LongAdder units = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Recorder recorder = new Recorder(MAX_NANOS, 3);
    private volatile boolean recording;
    private volatile boolean running = true;
    private long beganNanos;

    /** Records one completed unit that took {@code latencyNanos} and brought {@code received} bytes back. */
    public void complete(long latencyNanos, long received) {
        if (recording) {
            units.increment();
            bytes.add(received);
            recorder.recordValue(Math.min(Math.max(latencyNanos, 1), MAX_NANOS));
        }
    }

    /** Records payload bytes outside a request structure (bulk transfer); counted as bytes only. */
    public void received(long received) {
        if (recording) {
            bytes.add(received);
        }
    }

    /** Records one completed unit without a latency. */
    public void unit() {
        if (recording) {
            units.increment();
        }
    }

    /** Records one failed unit. */
    public void error() {
        if (recording) {
            errors.increment();
        }
    }

    /** Whether connections should go on sending; false once the load stops. */
    public boolean running() {
        return running;
    }

    /** Tells connections to send nothing more. */
    public void stop() {
        running = false;
    }

    /** Starts recording from zero. */
    public void begin() {
        units.reset();
        bytes.reset();
        errors.reset();
        recorder.reset();
        beganNanos = System.nanoTime();
        recording = true;
    }

    /** Stops recording and returns what was recorded since {@link #begin()}. */
    public LoadResult end(boolean withLatency) {
        recording = false;
        double seconds = (System.nanoTime() - beganNanos) / 1e9;
        Histogram latency = recorder.getIntervalHistogram();
        return new LoadResult(units.sum(), bytes.sum(), seconds, errors.sum(),
                withLatency ? Latency.of(latency) : null);
    }

    /**
     * The measured window of a load already running: waits {@code warmupMillis}, then measures for
     * {@code duration} between {@code marks}' begin and end, and returns what was recorded meanwhile. The caller
     * stops the load afterwards ({@link #stop()}), whatever happened.
     */
    LoadResult measure(long warmupMillis, Duration duration, Load.Marks marks)
            throws IOException, InterruptedException {
        Thread.sleep(warmupMillis);
        marks.begin();
        begin();
        Thread.sleep(duration.toMillis());
        LoadResult result = end(true);
        marks.end();
        return result;
    }
}
