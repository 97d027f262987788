package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.IdleConnections;
import dev.ringnet.bench.measure.Jcmd;
import dev.ringnet.bench.measure.JvmCounters;
import dev.ringnet.bench.measure.ProcSnapshot;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Memory per idle connection: a server of its own with Native Memory Tracking (one per transport, kept across
 * runs: each run closes what it opened), measured settled (after a full GC) before and after the client opens N
 * idle keep-alive connections: RSS from /proc, live Java heap from the JVM's
 * counters, native memory (NMT committed, heap excluded) from jcmd; each difference divided by N.
 */
public final class IdleScenario implements Scenario {
    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String unit() {
        return "idle connection";
    }

    @Override
    public String description() {
        return "memory per idle keep-alive HTTP connection (one request answered, then idle): RSS, live Java heap"
                + " after a full GC, and native memory (NMT), each the difference with none open, divided by the count";
    }

    @Override
    public List<Integer> connectionCounts(RunContext context) {
        return context.options().idleConnections();
    }

    @Override
    public List<String> serverJvmOptions() {
        return List.of("-XX:NativeMemoryTracking=summary");
    }

    @Override
    public CompletableFuture<Map<String, Double>> measure(ServerProcess server, int connections,
                                                         boolean firstOnServer, RunContext context)
            throws IOException, InterruptedException {
        long pid = server.pid();
        if (firstOnServer) {
            // The first connections of a server's life load the HTTP classes and grow its pools: a cost per
            // server, not per connection, so it is paid before the "before" snapshot.
            IdleConnections.open(context.clients(), server.address("http"), Math.min(connections, 200)).close();
        }
        long nativeBefore = Jcmd.gcThenNativeBytes(pid);
        long heapBefore = JvmCounters.of(pid).heapUsedBytes();
        long rssBefore = ProcSnapshot.of(pid).rssBytes();
        try (IdleConnections idle = IdleConnections.open(context.clients(), server.address("http"), connections)) {
            Thread.sleep(300); // let the server finish what the last answers started (flushes, buffer returns)
            long nativeAfter = Jcmd.gcThenNativeBytes(pid);
            long heapAfter = JvmCounters.of(pid).heapUsedBytes();
            ProcSnapshot after = ProcSnapshot.of(pid);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("rss_kib_per_conn", (after.rssBytes() - rssBefore) / 1024.0 / connections);
            figures.put("heap_kib_per_conn", (heapAfter - heapBefore) / 1024.0 / connections);
            figures.put("native_kib_per_conn", (nativeAfter - nativeBefore) / 1024.0 / connections);
            figures.put("rss_mib", after.rssBytes() / 1048576.0);
            return CompletableFuture.completedFuture(figures);
        }
    }
}
