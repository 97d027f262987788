package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.EchoLoad;
import dev.ringnet.bench.load.Load;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** TCP echo ping-pong, closed loop, one message of a fixed size outstanding per connection. */
public final class EchoScenario extends LoadScenario {
    private final String name;
    private final int size;

    /** A ping-pong of {@code size}-byte messages, reported as {@code name}. */
    public EchoScenario(String name, int size) {
        this.name = name;
        this.size = size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return "round trip";
    }

    @Override
    public String description() {
        return "TCP echo ping-pong, " + size + " B messages, one outstanding per connection (closed loop)";
    }

    @Override
    public List<Integer> connectionCounts(RunContext context) {
        return context.options().connections();
    }

    @Override
    protected Load load(ServerProcess server, int connections, RunContext context) throws IOException {
        InetSocketAddress echo = server.address("echo");
        return new EchoLoad(context.clients(), echo, connections, size);
    }
}
