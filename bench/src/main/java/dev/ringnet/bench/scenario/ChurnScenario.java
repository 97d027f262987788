package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.ChurnLoad;
import dev.ringnet.bench.load.Load;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.util.List;

/** Connection churn: connect, one HTTP request with {@code Connection: close}, close; over and over. */
public final class ChurnScenario extends LoadScenario {
    /** More concurrent connects than this only fill the accept queue: the figures are per connection anyway. */
    private static final int MAX_CONCURRENCY = 100;

    @Override
    public String name() {
        return "churn";
    }

    @Override
    public String unit() {
        return "connection";
    }

    @Override
    public String description() {
        return "connection churn: connect, one GET /hello with Connection: close, server closes; the connection"
                + " count is the number of such loops running at once (at most " + MAX_CONCURRENCY + ")";
    }

    @Override
    public List<Integer> connectionCounts(RunContext context) {
        List<Integer> counts = context.options().connections().stream().filter(c -> c <= MAX_CONCURRENCY).toList();
        return counts.isEmpty() ? List.of(MAX_CONCURRENCY) : counts;
    }

    @Override
    protected Load load(ServerProcess server, int connections, RunContext context) throws IOException {
        return new ChurnLoad(context.clients(), server.address("http"), connections);
    }
}
