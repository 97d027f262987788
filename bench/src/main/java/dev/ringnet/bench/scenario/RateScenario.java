package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.Load;
import dev.ringnet.bench.load.RateLoad;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Echo at a fixed rate (the same for every transport), latency from the intended send time: what a server costs
 * and how it answers under a given load rather than at its limit.
 */
public final class RateScenario extends LoadScenario {
    private static final int SIZE = 64;

    @Override
    public String name() {
        return "echo-rate";
    }

    @Override
    public String unit() {
        return "round trip";
    }

    @Override
    public String description() {
        return "TCP echo of " + SIZE + " B messages at a fixed total rate (--rate per second), open loop, latency"
                + " measured from each message's intended send time (corrected for coordinated omission, HdrHistogram)";
    }

    @Override
    public List<Integer> connectionCounts(RunContext context) {
        return context.options().connections();
    }

    @Override
    protected Load load(ServerProcess server, int connections, RunContext context) throws IOException {
        InetSocketAddress echo = server.address("echo");
        return new RateLoad(context.clients(), echo, connections, SIZE, context.options().rate());
    }
}
