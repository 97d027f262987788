package dev.ringnet.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ringnet.server.transports.Causes;
import dev.ringnet.server.transports.TransportKind;
import dev.ringnet.testkit.SharedFixtures;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Servers shared by the end-to-end tests of one JVM: one per transport, started on first use through the same
 * entry point as {@code ringnet serve} ({@link Main#start}), all on port 0, serving {@link TestSite}, with echo
 * and a proxy to an upstream echo server. Closed when the JVM exits. Any thread.
 */
public final class TestServers {
    /** The transports every end-to-end test runs on. */
    public static final List<TransportKind> TESTED = List.of(TransportKind.FFM_IO_URING,
            TransportKind.JNI_IO_URING, TransportKind.EPOLL, TransportKind.NIO);

    private static final Map<TransportKind, RingnetServer> SERVERS = new EnumMap<>(TransportKind.class);
    private static RingnetServer upstream;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestServers::closeAll, "test-servers-close"));
    }

    private TestServers() {
    }

    /** For {@code @MethodSource}: the tested transports. */
    public static Stream<TransportKind> transports() {
        return TESTED.stream();
    }

    /** The shared server on {@code kind}; skips the test, with the cause, if the transport is unavailable here. */
    public static synchronized RingnetServer server(TransportKind kind) throws Exception {
        assumeAvailable(kind);
        RingnetServer server = SERVERS.get(kind);
        if (server == null) {
            List<String> args = new ArrayList<>(List.of("--transport", kind.displayName(), "--http-port", "0",
                    "--echo-port", "0", "--proxy-port", "0", "--upstream", "127.0.0.1:" + upstreamPort(),
                    "--root", TestSite.root().toString(), "--io-threads", "2", "--max-body-size", "1m",
                    "--log-level", "warn"));
            server = Main.start(args, Map.of());
            SERVERS.put(kind, server);
        }
        SharedFixtures.used();
        return server;
    }

    /**
     * A server of its own on {@code kind} with {@code extraArgs} (they win over the defaults here); the caller
     * closes it.
     */
    public static RingnetServer startDedicated(TransportKind kind, String... extraArgs) throws Exception {
        assumeAvailable(kind);
        List<String> args = new ArrayList<>(List.of("--transport", kind.displayName(), "--http-port", "0",
                "--root", TestSite.root().toString(), "--io-threads", "1", "--log-level", "warn"));
        args.addAll(List.of(extraArgs));
        return Main.start(args, Map.of());
    }

    /** Skips the calling test if {@code kind} cannot run here, saying why. */
    public static void assumeAvailable(TransportKind kind) {
        assumeTrue(kind.isAvailable(), () -> kind.displayName() + " unavailable: "
                + Causes.oneLine(kind.unavailabilityCause()));
    }

    /** The upstream of every proxy: an echo server on NIO, a transport independent of the one under test. */
    private static int upstreamPort() throws Exception {
        if (upstream == null) {
            upstream = Main.start(List.of("--transport", "nio", "--http-port", "0", "--echo-port", "0",
                    "--io-threads", "1", "--root", TestSite.root().toString(), "--log-level", "warn"), Map.of());
            SharedFixtures.used();
        }
        return upstream.echoAddress().getPort();
    }

    private static synchronized void closeAll() {
        SERVERS.values().forEach(RingnetServer::close);
        SERVERS.clear();
        if (upstream != null) {
            upstream.close();
        }
    }
}
