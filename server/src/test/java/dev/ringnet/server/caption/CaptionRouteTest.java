package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.RawHttp;
import dev.ringnet.server.RingnetServer;
import dev.ringnet.server.TestServers;
import dev.ringnet.server.TestSite;
import dev.ringnet.server.config.CommandLine;
import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.config.Settings;
import dev.ringnet.server.http.routes.CaptionRoute;
import dev.ringnet.server.transports.TransportKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CaptionRoute} in the real server on each transport, with a render that can be held, so that the answers
 * which depend on timing are certain: a full queue answers 503 at once, a render past its deadline 504, a late
 * answer still honours {@code Connection: close}, and a client that hangs up withdraws its queued render.
 * The real renderer's PNGs are checked end to end in {@code HttpEndpointsTest}.
 */
class CaptionRouteTest {
    private HeldRenders held;
    private RingnetServer server;

    @AfterEach
    void stop() {
        if (held != null) {
            held.release.countDown();
        }
        if (server != null) {
            server.close();
        }
        if (held != null) {
            held.close();
        }
    }

    /** A server on {@code kind} whose {@code /caption} renders with {@link HeldRenders}. */
    private void start(TransportKind kind, Duration renderTimeout) throws Exception {
        TestServers.assumeAvailable(kind);
        held = new HeldRenders(renderTimeout);
        ServerConfig config = ServerConfig.from(Settings.resolve(CommandLine.parse(List.of(
                "--transport", kind.displayName(), "--http-port", "0", "--io-threads", "1",
                "--root", TestSite.root().toString(), "--log-level", "warn")), Map.of()));
        server = RingnetServer.start(config, kind, routes -> routes.route("/caption", new CaptionRoute(held.service)));
    }

    private RawHttp connect() throws Exception {
        return new RawHttp(server.httpAddress(), 20_000);
    }

    private static String get(String query, String connection) {
        return "GET /caption?" + query + " HTTP/1.1\r\nHost: test\r\nConnection: " + connection + "\r\n\r\n";
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void lateAnswerHonoursConnectionClose(TransportKind kind) throws Exception {
        start(kind, Duration.ofSeconds(20));
        try (RawHttp client = connect()) {
            RawHttp.Response response = client.send(get("template=dots&top=bye", "close")).read();
            assertEquals(200, response.status());
            assertEquals("image/png", response.header("content-type"));
            assertArrayEquals(HeldRenders.PNG, response.body());
            assertEquals("close", response.header("connection"));
            assertTrue(client.closedByPeer(), "the server closes after answering Connection: close");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void fullQueueAnswers503AtOnceAndPastDeadline504(TransportKind kind) throws Exception {
        // Long enough that "queued" cannot expire before "overflow" is answered, even on a loaded machine.
        start(kind, Duration.ofSeconds(2));
        try (RawHttp first = connect(); RawHttp second = connect(); RawHttp third = connect()) {
            first.send(get("template=dots&top=block", "keep-alive"));
            assertTrue(held.blocked.await(10, TimeUnit.SECONDS));
            second.send(get("template=dots&top=queued", "keep-alive"));
            held.awaitQueued(1);
            long sent = System.nanoTime();
            RawHttp.Response busy = third.send(get("template=dots&top=overflow", "keep-alive")).read();
            assertEquals(503, busy.status(), busy.text());
            assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(2), "503 came before any deadline");
            assertEquals("1", busy.header("retry-after"));
            assertEquals("{\"error\":\"render queue full (1 waiting)\"}", busy.text());

            // The held render and the queued one both pass their 2 s deadline while the worker is stuck.
            RawHttp.Response late = first.read();
            assertEquals(504, late.status(), late.text());
            assertEquals("application/json", late.header("content-type"));
            assertEquals(504, second.read().status());
            assertEquals(400, first.send(get("template=nope", "keep-alive")).read().status(),
                    "a 504 keeps the connection");
        }
        assertFalse(held.renderedTops.contains("queued"), "a render past its deadline is never started");
    }

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void clientHangingUpWithdrawsItsQueuedRender(TransportKind kind) throws Exception {
        start(kind, Duration.ofSeconds(30));
        try (RawHttp first = connect()) {
            first.send(get("template=dots&top=block", "keep-alive"));
            assertTrue(held.blocked.await(10, TimeUnit.SECONDS));
            try (RawHttp quitter = connect()) {
                quitter.send(get("template=dots&top=abandoned", "keep-alive"));
                held.awaitQueued(1);
            }
            held.awaitQueued(0); // withdrawn when the server saw the connection close, long before any deadline
            held.release.countDown();
            assertEquals(200, first.read().status());
        }
        assertFalse(held.renderedTops.contains("abandoned"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, server.openConnections(), "both connections closed and counted as such");
    }
}
