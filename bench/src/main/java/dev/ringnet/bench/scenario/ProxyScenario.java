package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.BulkLoad;
import dev.ringnet.bench.load.Load;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Proxy bulk transfer: the client streams 64 KiB chunks (256 KiB in flight per connection) through the server's
 * TCP proxy to an echo sink on the load CPUs and back; the server relays every byte twice (both directions).
 */
public final class ProxyScenario extends LoadScenario {
    private static final int CHUNK = 64 * 1024;
    private static final int IN_FLIGHT = 4;
    /** Each proxied connection holds two sockets in the server: stay well under its fd limit. */
    private static final int MAX_CONNECTIONS = 100;

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public String unit() {
        return "64 KiB chunk (relayed both ways)";
    }

    @Override
    public String description() {
        return "TCP proxy bulk transfer: 64 KiB chunks, 256 KiB in flight per connection, through the server's"
                + " proxy to an epoll echo sink on the load CPUs and back";
    }

    @Override
    public List<Integer> connectionCounts(RunContext context) {
        List<Integer> counts = context.options().connections().stream().filter(c -> c <= MAX_CONNECTIONS).toList();
        return counts.isEmpty() ? List.of(MAX_CONNECTIONS) : counts;
    }

    @Override
    protected Load load(ServerProcess server, int connections, RunContext context) throws IOException {
        InetSocketAddress proxy = server.address("proxy");
        return new BulkLoad(context.clients(), proxy, connections, CHUNK, IN_FLIGHT);
    }
}
