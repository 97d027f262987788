package dev.ringnet.bench;

import dev.ringnet.bench.server.ServerLauncher;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The upstream of the proxy scenario: a second server program with only its TCP echo, on epoll (the same for
 * every transport under test), pinned to the load CPUs so the server under test is charged for relaying only.
 */
final class ProxySink implements AutoCloseable {
    private final ServerProcess server;

    private ProxySink(ServerProcess server) {
        this.server = server;
    }

    /** Starts the sink; fails with the server's log when it cannot. */
    static ProxySink start(ServerLauncher launcher, BenchOptions options, Path logs) throws IOException {
        List<String> command = launcher.command(options.loadCpus(), List.of(), List.of("--transport", "epoll",
                "--bind", "127.0.0.1", "--http-port", "0", "--echo-port", "0", "--io-threads", "1",
                "--worker-threads", "1", "--max-connections", "19500", "--idle-timeout", "0", "--log-level", "warn"));
        return new ProxySink(ServerProcess.start(command, logs.resolve("proxy-sink.log"), 60));
    }

    /** HOST:PORT of the sink's echo listener, for {@code --upstream}. */
    String address() throws IOException {
        InetSocketAddress echo = server.address("echo");
        return echo.getHostString() + ":" + echo.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
