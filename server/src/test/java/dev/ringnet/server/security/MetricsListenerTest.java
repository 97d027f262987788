package dev.ringnet.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.Main;
import dev.ringnet.server.RawHttp;
import dev.ringnet.server.RingnetServer;
import dev.ringnet.server.TestServers;
import dev.ringnet.server.config.CommandLine;
import dev.ringnet.server.config.ConfigException;
import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.config.Settings;
import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.transports.TransportKind;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --metrics-address}: /metrics on a listener of its own, and then no longer on the public HTTP port. */
class MetricsListenerTest {
    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void metricsMoveToTheirOwnListener(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--metrics-address", "127.0.0.1:0")) {
            InetSocketAddress metrics = server.metricsAddress();
            assertNotEquals(server.httpAddress().getPort(), metrics.getPort());
            RawHttp.Response scrape = get(metrics, "/metrics");
            assertEquals(200, scrape.status());
            assertTrue(scrape.text().contains("listener=\"metrics\""),
                    "the metrics listener counts itself: " + scrape.text());
            assertEquals(200, get(metrics, "/healthz").status());
            assertEquals(404, get(metrics, "/hello").status(), "only /metrics and /healthz on the metrics port");
            assertEquals(404, get(metrics, "/hello.txt").status(), "no static files on the metrics port");

            assertEquals(404, get(server.httpAddress(), "/metrics").status(), "/metrics left the public port");
            assertEquals(HelloRoute.BODY, get(server.httpAddress(), "/hello").text());
            assertTrue(server.startupLine(1).contains(" metrics=127.0.0.1:" + metrics.getPort() + " "),
                    server.startupLine(1));
        }
    }

    @Test
    void withoutTheOptionMetricsStayOnTheHttpPort() throws Exception {
        RingnetServer server = TestServers.server(TransportKind.NIO);
        assertNull(server.metricsAddress());
        assertTrue(server.startupLine(1).contains(" metrics=off "), server.startupLine(1));
        assertEquals(200, get(server.httpAddress(), "/metrics").status());
    }

    @Test
    void theAddressIsCheckedBeforeStarting() throws Exception {
        assertNull(config("--metrics-address", "off").metricsAddress());
        assertEquals(new InetSocketAddress("127.0.0.1", 9464),
                config("--metrics-address", "127.0.0.1:9464").metricsAddress());
        assertEquals(0, config("--metrics-address", "[::1]:0").metricsAddress().getPort());
        assertEquals("--metrics-address: '9464' is not HOST:PORT",
                assertThrows(ConfigException.class, () -> config("--metrics-address", "9464")).getMessage());
        assertEquals("--metrics-address: '127.0.0.1:70000' is not a port (0-65535)",
                assertThrows(ConfigException.class, () -> config("--metrics-address", "127.0.0.1:70000"))
                        .getMessage());
        assertEquals("RINGNET_METRICS_ADDRESS: 'on' is not HOST:PORT", assertThrows(ConfigException.class,
                () -> ServerConfig.from(Settings.resolve(CommandLine.parse(List.of()),
                        Map.of("RINGNET_METRICS_ADDRESS", "on")))).getMessage());
    }

    @Test
    void aMetricsAddressInUseStopsTheStartWithItsName() throws Exception {
        RingnetServer server = TestServers.server(TransportKind.NIO);
        Exception e = assertThrows(Exception.class, () -> Main.start(List.of("--transport", "nio", "--http-port",
                "0", "--metrics-address", "127.0.0.1:" + server.httpAddress().getPort(), "--log-level", "warn"),
                Map.of()));
        assertTrue(e.getMessage().startsWith("cannot listen for metrics on 127.0.0.1:"), e.getMessage());
    }

    private static ServerConfig config(String... args) throws ConfigException {
        return ServerConfig.from(Settings.resolve(CommandLine.parse(List.of(args)), Map.of()));
    }

    private static RawHttp.Response get(InetSocketAddress address, String path) throws Exception {
        try (RawHttp raw = new RawHttp(address)) {
            raw.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            return raw.read();
        }
    }
}
