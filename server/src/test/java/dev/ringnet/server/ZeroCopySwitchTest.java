package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.transports.TransportKind;
import dev.ringnet.transport.Uring;
import dev.ringnet.transport.ZeroCopyStats;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --zero-copy on|off} on every transport: the proxy carries the same bytes either way, and
 * {@code ringnet_spliced_bytes_total} shows which path it took (splice only where the transport can, ffm-io_uring,
 * and only when on); files arrive intact either way.
 */
class ZeroCopySwitchTest {
    static Stream<Arguments> transportsOnAndOff() {
        return TestServers.transports().flatMap(t -> Stream.of(Arguments.of(t, true), Arguments.of(t, false)));
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void onlyOursSplices(TransportKind kind) {
        // epoll's spliceTo loses bytes at a half-close (see TransportKind.EPOLL); NIO and Netty's io_uring have none.
        assertEquals(kind == TransportKind.FFM_IO_URING, kind.canSplice());
    }

    @ParameterizedTest(name = "{0} zero-copy={1}")
    @MethodSource("transportsOnAndOff")
    void proxyAndFilesEitherWay(TransportKind kind, boolean zeroCopy) throws Exception {
        RingnetServer upstream = TestServers.server(TransportKind.NIO);
        try (RingnetServer server = TestServers.startDedicated(kind, "--zero-copy", zeroCopy ? "on" : "off",
                "--proxy-port", "0", "--upstream", "127.0.0.1:" + upstream.echoAddress().getPort())) {
            int size = 8 << 20;
            TcpServicesTest.roundTrip(server.proxyAddress(), size, 42, 0, false);

            try (RawHttp raw = new RawHttp(server.httpAddress())) {
                ZeroCopyStats before = Uring.zeroCopyStats();
                raw.send("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(TestSite.bigSha256(), TestSite.sha256(raw.read().body()));
                if (kind == TransportKind.FFM_IO_URING) {
                    // The file's bytes went file -> pipe -> socket in the kernel, or (off) through Java chunks.
                    ZeroCopyStats file = Uring.zeroCopyStats().minus(before);
                    assertEquals(zeroCopy ? TestSite.BIG_SIZE : 0, file.fileRegionSplicedBytes());
                    assertEquals(0, file.fileRegionCopiedBytes());
                }
                raw.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
                Map<String, Double> samples = MetricsText.parse(raw.read().text());
                double spliced = samples.get("ringnet_spliced_bytes_total{listener=\"proxy\"}");
                if (zeroCopy && kind.canSplice()) {
                    assertEquals(2.0 * size, spliced, "both directions spliced, every byte");
                } else {
                    assertEquals(0.0, spliced, "nothing spliced");
                }
            }
        }
    }

}
