package dev.ringnet.bench.load;

import java.io.IOException;
import java.time.Duration;

/**
 * A load generator: it warms the server up, then runs the measured part between two marks, during which the
 * caller measures the server from outside. Implementations: the bench's own Netty clients and wrk.
 */
public interface Load {
    /**
     * Runs {@code warmup}, calls {@link Marks#begin()}, runs {@code duration}, calls {@link Marks#end()} and returns
     * what the load measured between the marks. Blocks the calling thread throughout; returns with every
     * connection it opened closed.
     */
    LoadResult run(Duration warmup, Duration duration, Marks marks) throws IOException, InterruptedException;

    /** Where the measured part starts and ends, for the caller's own counters. Called on the thread of run. */
    interface Marks {
        /** The measured part starts now. */
        void begin() throws IOException;

        /** The measured part ended now. */
        void end() throws IOException;
    }
}
