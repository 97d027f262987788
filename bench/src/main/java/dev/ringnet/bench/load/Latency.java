package dev.ringnet.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of a run, in microseconds.
 *
 * @param p50  median
 * @param p90  90th percentile
 * @param p99  99th percentile
 * @param p999 99.9th percentile
 * @param max  the largest
 */
public record Latency(double p50, double p90, double p99, double p999, double max) {
    /** The percentiles of a histogram of nanoseconds, or null when it is empty. */
    public static Latency of(Histogram nanos) {
        if (nanos == null || nanos.getTotalCount() == 0) {
            return null;
        }
        return new Latency(nanos.getValueAtPercentile(50) / 1e3, nanos.getValueAtPercentile(90) / 1e3,
                nanos.getValueAtPercentile(99) / 1e3, nanos.getValueAtPercentile(99.9) / 1e3,
                nanos.getMaxValue() / 1e3);
    }
}
