package dev.ringnet.bench.load;

/**
 * What a load measured between its marks.
 *
 * @param units     completed units of work: requests, connections (churn) or chunks (bulk transfer)
 * @param bytes     payload bytes received back by the client
 * @param seconds   length of the measured part as the load timed it
 * @param errors    failed units (connection errors, wrong answers, timeouts)
 * @param latency   latency percentiles, or null when the load does not record them
 */
public record LoadResult(long units, long bytes, double seconds, long errors, Latency latency) {
    /** Units per second. */
    public double unitsPerSecond() {
        return units / seconds;
    }

    /** Mebibytes per second received. */
    public double mibPerSecond() {
        return bytes / seconds / 1048576.0;
    }
}
