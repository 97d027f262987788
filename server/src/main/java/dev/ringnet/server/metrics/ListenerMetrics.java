package dev.ringnet.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection and byte counters of one listener ({@code http}, {@code echo}, {@code proxy}, {@code metrics}).
 * Any thread.
 */
public final class ListenerMetrics {
    private final AtomicInteger open = new AtomicInteger();
    private final Counter accepted;
    private final Counter rejected;
    private final Counter received;
    private final Counter sent;
    private final Counter spliced;

    ListenerMetrics(MeterRegistry registry, String listener) {
        Gauge.builder("ringnet.connections.open", open, AtomicInteger::get).description("connections open now")
                .tag("listener", listener).register(registry);
        accepted = Counter.builder("ringnet.connections.accepted").description("connections accepted and kept")
                .tag("listener", listener).register(registry);
        rejected = Counter.builder("ringnet.connections.rejected")
                .description("connections closed at accept because --max-connections were open")
                .tag("listener", listener).register(registry);
        received = Counter.builder("ringnet.received").baseUnit("bytes").description("bytes read from sockets")
                .tag("listener", listener).register(registry);
        sent = Counter.builder("ringnet.sent").baseUnit("bytes").description("bytes handed to sockets")
                .tag("listener", listener).register(registry);
        spliced = Counter.builder("ringnet.spliced").baseUnit("bytes")
                .description("bytes moved socket to socket by splice, never through Java (also in received and sent)")
                .tag("listener", listener).register(registry);
    }

    /** A connection was accepted and kept. */
    public void accepted() {
        accepted.increment();
        open.incrementAndGet();
    }

    /** An accepted connection has closed. */
    public void closed() {
        open.decrementAndGet();
    }

    /** A connection was closed at accept. */
    public void rejected() {
        rejected.increment();
    }

    /** {@code bytes} were read. */
    public void received(long bytes) {
        received.increment(bytes);
    }

    /** {@code bytes} were handed to the socket. */
    public void sent(long bytes) {
        sent.increment(bytes);
    }

    /** {@code bytes} went socket to socket by splice (they were also counted as received and sent). */
    public void spliced(long bytes) {
        spliced.increment(bytes);
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }
}
