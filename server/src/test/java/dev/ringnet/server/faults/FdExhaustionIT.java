package dev.ringnet.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.TestServers;
import dev.ringnet.server.transports.TransportKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server process out of file descriptors ({@code prlimit --nofile}), over each transport, with more clients
 * waiting in the listen backlog: accept fails with EMFILE, and the server must back off rather than retry at once
 * (which would spin a core on the same error), keep serving the connections it has, and accept the waiting ones as
 * soon as fds are free again.
 */
class FdExhaustionIT {
    /** The server's fd limit: its JVM holds about 46 fds after startup, the rest go to connections. */
    private static final int MAX_FDS = 128;
    private static final int WAITING = 20;
    private static final int FREED = 40;
    private static final long MEASURE_MILLIS = 3000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void acceptBacksOffAtTheFdLimitAndRecoversWhenFdsFree(TransportKind kind) throws Exception {
        TestServers.assumeAvailable(kind);
        List<EchoClient> served = new ArrayList<>();
        List<EchoClient> waiting = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(kind, MAX_FDS, "--io-threads", "1")) {
            // Connect until one is not served: the server has run out of fds and that one waits in the backlog.
            while (waiting.isEmpty()) {
                assertTrue(served.size() < MAX_FDS, "served " + served.size() + " connections under a limit of "
                        + MAX_FDS + " fds: the limit did not take");
                EchoClient client = new EchoClient(server.echo());
                (client.echoes(2000) ? served : waiting).add(client);
            }
            for (int i = 1; i < WAITING; i++) {
                EchoClient client = new EchoClient(server.echo());
                waiting.add(client);
                client.send(); // answered once the server has fds again
            }
            int fdsAtLimit = server.openFds();
            long cpuBefore = server.cpuTicks();
            Thread.sleep(MEASURE_MILLIS);
            double cpuShare = (server.cpuTicks() - cpuBefore) * 10.0 / MEASURE_MILLIS;
            System.out.printf("%s at its fd limit (%d of %d fds, %d connections served, %d waiting): "
                    + "%.1f%% of one core over %d ms%n", kind.displayName(), fdsAtLimit, MAX_FDS, served.size(),
                    waiting.size(), cpuShare * 100, MEASURE_MILLIS);
            if (kind != TransportKind.JNI_IO_URING) {
                assertTrue(cpuShare < 0.30, kind.displayName() + " used " + Math.round(cpuShare * 100)
                        + "% of a core while out of fds: accept is spinning on EMFILE");
            } // else Netty 4.2.17 io_uring retries accept at once after EMFILE and spins (README, Known issues)

            for (EchoClient client : served) {
                assertTrue(client.echoes(5000), "an established connection stopped echoing at the fd limit");
            }
            for (int i = 0; i < FREED; i++) {
                served.removeLast().close();
            }
            for (EchoClient client : waiting) {
                assertTrue(client.receives(client.lastSent(), 10_000),
                        "a connection waiting in the backlog was not served after fds were freed");
                assertTrue(client.echoes(5000));
            }
            try (EchoClient fresh = new EchoClient(server.echo())) {
                assertTrue(fresh.echoes(5000), "a new connection after the recovery");
            }
            for (EchoClient client : served) {
                client.close();
            }
            for (EchoClient client : waiting) {
                client.close();
            }
            assertEquals(0, server.terminate(15), "exit status after SIGTERM");
            assertEquals(List.of(), server.leakReports());
        } finally {
            for (EchoClient client : served) {
                client.close();
            }
            for (EchoClient client : waiting) {
                client.close();
            }
        }
    }
}
