package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.net.AllocatorKind;
import dev.ringnet.server.transports.TransportKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --allocator} on every transport: {@code /metrics} reports the memory of the allocator named, and after a
 * large echo it holds direct memory and no heap memory (no code path asked for a heap buffer). The allocators are
 * shared by every server in this JVM, so the direct figure shows the allocator is measured, not that this server
 * alone filled it; the heap figure is the one that can catch a regression.
 */
class AllocatorTest {
    static Stream<Arguments> transportsAndPooledAllocators() {
        return TestServers.transports().flatMap(t -> Stream.of(AllocatorKind.POOLED, AllocatorKind.ADAPTIVE)
                .map(a -> Arguments.of(t, a)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndPooledAllocators")
    void requestsAreServedFromTheChosenAllocatorsDirectMemory(TransportKind kind, AllocatorKind allocator)
            throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--allocator", allocator.displayName())) {
            byte[] body = new byte[256 * 1024];
            new Random(7).nextBytes(body);
            try (RawHttp raw = new RawHttp(server.httpAddress())) {
                raw.send(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                raw.send(body);
                assertArrayEquals(body, raw.read().body());
                raw.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
                Map<String, Double> samples = MetricsText.parse(raw.read().text());
                String label = "allocator=\"" + allocator.displayName() + "\",memory=";
                // Pooled and adaptive keep chunks after their buffers are released: the echo left its mark.
                Double direct = samples.get("ringnet_buffer_memory_bytes{" + label + "\"direct\"}");
                assertTrue(direct != null && direct > 0, "direct memory " + direct);
                assertEquals(0.0, samples.get("ringnet_buffer_memory_bytes{" + label + "\"heap\"}"),
                        "no heap buffers");
            }
        }
    }
}
