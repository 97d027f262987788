package dev.ringnet.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetric;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics, kept in one Micrometer registry per server and served at {@code /metrics} in Prometheus
 * text format. Names as Prometheus shows them:
 * <ul>
 *   <li>{@code ringnet_transport_info{transport}} 1: the transport in use</li>
 *   <li>{@code ringnet_connections_open{listener}}, {@code ringnet_connections_accepted_total{listener}},
 *       {@code ringnet_connections_rejected_total{listener}} (closed at accept: over {@code --max-connections})</li>
 *   <li>{@code ringnet_connections_timed_out_total{reason}}: idle, header, write</li>
 *   <li>{@code ringnet_received_bytes_total{listener}}, {@code ringnet_sent_bytes_total{listener}}: bytes read
 *       from and handed to the sockets (TLS records included)</li>
 *   <li>{@code ringnet_http_requests_total{status}}: responses by status code</li>
 *   <li>{@code ringnet_http_request_duration_seconds}: histogram from request head decoded to the last response
 *       byte handed to the kernel</li>
 *   <li>{@code ringnet_caption_renders_queued}: {@code /caption} renders waiting for a worker thread</li>
 *   <li>{@code ringnet_buffer_memory_bytes{allocator,memory}}: direct and heap memory the buffer allocator holds</li>
 * </ul>
 * Updates are lock-free and may come from any thread; the per-status counters are made on first use.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, ListenerMetrics> listeners = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<Counter> requestsByStatus = new AtomicReferenceArray<>(600);
    private final Timer requestDuration;
    private final Counter idleTimeouts;
    private final Counter headerTimeouts;
    private final Counter writeTimeouts;

    /** A registry for a server running on the transport named {@code transport}. */
    public ServerMetrics(String transport) {
        Gauge.builder("ringnet.transport.info", () -> 1).description("the transport this server runs on")
                .tag("transport", transport).register(registry);
        requestDuration = Timer.builder("ringnet.http.request.duration")
                .description("from request head decoded to the last response byte handed to the kernel")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        idleTimeouts = timeouts("idle");
        headerTimeouts = timeouts("header");
        writeTimeouts = timeouts("write");
    }

    private Counter timeouts(String reason) {
        return Counter.builder("ringnet.connections.timed.out").description("connections closed by a timeout")
                .tag("reason", reason).register(registry);
    }

    /** Publishes {@code queued} (read at each scrape) as the number of {@code /caption} renders waiting. */
    public void captionQueue(IntSupplier queued) {
        Gauge.builder("ringnet.caption.renders.queued", queued::getAsInt)
                .description("/caption renders waiting for a worker thread").register(registry);
    }

    /**
     * Publishes the direct and heap memory held by the buffer allocator that {@code allocator} measures, labelled
     * {@code name} (as {@code --allocator} says), read at each scrape. The server's allocators prefer direct
     * buffers: heap memory here means something asked for a heap buffer explicitly.
     */
    public void allocator(String name, ByteBufAllocatorMetric allocator) {
        bufferMemory(name, "direct", allocator, ByteBufAllocatorMetric::usedDirectMemory);
        bufferMemory(name, "heap", allocator, ByteBufAllocatorMetric::usedHeapMemory);
    }

    private void bufferMemory(String allocatorName, String memory, ByteBufAllocatorMetric allocator,
                              ToDoubleFunction<ByteBufAllocatorMetric> used) {
        // Strong: the gauge may be all that holds an allocator's metric object (Micrometer's default is weak).
        Gauge.builder("ringnet.buffer.memory", allocator, used).strongReference(true).baseUnit("bytes")
                .description("memory held by the buffer allocator").tags("allocator", allocatorName, "memory", memory)
                .register(registry);
    }

    /** The counters of the listener named {@code name} ({@code http}, {@code echo}, {@code proxy}). */
    public ListenerMetrics listener(String name) {
        return listeners.computeIfAbsent(name, n -> new ListenerMetrics(registry, n));
    }

    /** One response with {@code status} was sent. */
    public void response(int status) {
        if (status < 100 || status >= requestsByStatus.length()) {
            return;
        }
        Counter counter = requestsByStatus.get(status);
        if (counter == null) {
            counter = Counter.builder("ringnet.http.requests").description("HTTP responses by status code")
                    .tag("status", Integer.toString(status)).register(registry);
            // Micrometer returns the same counter for the same id, so a lost race stores an equal value.
            requestsByStatus.set(status, counter);
        }
        counter.increment();
    }

    /** One request took {@code nanos} from head decoded to response sent. */
    public void requestDuration(long nanos) {
        requestDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A connection was closed after no traffic for the idle timeout. */
    public void idleTimeout() {
        idleTimeouts.increment();
    }

    /** A connection was closed because a request head did not arrive within the header timeout. */
    public void headerTimeout() {
        headerTimeouts.increment();
    }

    /** A connection was closed because its peer accepted no bytes within the write timeout. */
    public void writeTimeout() {
        writeTimeouts.increment();
    }

    /** Every metric in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }
}
