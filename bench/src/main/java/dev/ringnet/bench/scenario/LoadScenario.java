package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.Latency;
import dev.ringnet.bench.load.Load;
import dev.ringnet.bench.load.LoadResult;
import dev.ringnet.bench.measure.Window;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A scenario measured as "a load runs, the server is measured from outside over the load's measured part":
 * everything but the memory scenario. Subclasses say which load.
 */
public abstract class LoadScenario implements Scenario {
    /** The load for one run against {@code server}. */
    protected abstract Load load(ServerProcess server, int connections, RunContext context) throws IOException;

    @Override
    public CompletableFuture<Map<String, Double>> measure(ServerProcess server, int connections,
                                                         boolean firstOnServer, RunContext context)
            throws IOException, InterruptedException {
        Load load = load(server, connections, context);
        Duration warmup = context.options().warmup();
        Duration settled = null;
        if (firstOnServer) {
            if (context.options().jitSettle().isZero()) {
                warmup = warmup.plus(context.options().serverWarmup());
            } else {
                settled = JitSettling.settle(load, server.pid(), context.options().jitSettle());
            }
        }
        Window window = Window.attach(server.pid());
        try {
            LoadResult result = load.run(warmup, context.options().duration(), new Load.Marks() {
                @Override
                public void begin() throws IOException {
                    window.begin();
                }

                @Override
                public void end() throws IOException {
                    window.end();
                }
            });
            if (!server.isAlive()) {
                throw new IOException("the server died during the run; see " + server.log());
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("throughput", result.unitsPerSecond());
            figures.put("mib_per_sec", result.mibPerSecond());
            figures.put("errors", (double) result.errors());
            if (settled != null) {
                figures.put("jit_settle_s", settled.toMillis() / 1000.0);
            }
            addLatency(figures, result.latency());
            // perf needs about half a second to hand over its totals: the next run starts meanwhile.
            return CompletableFuture.supplyAsync(() -> {
                try (window) {
                    figures.putAll(window.figures(result.units()));
                    return figures;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | InterruptedException | RuntimeException e) {
            window.close();
            throw e;
        }
    }

    /** Latency percentiles in microseconds: p50, p90, p99, p99.9 and the maximum. */
    static void addLatency(Map<String, Double> figures, Latency latency) {
        if (latency == null) {
            return;
        }
        figures.put("p50_us", latency.p50());
        figures.put("p90_us", latency.p90());
        figures.put("p99_us", latency.p99());
        figures.put("p999_us", latency.p999());
        figures.put("max_us", latency.max());
    }
}
