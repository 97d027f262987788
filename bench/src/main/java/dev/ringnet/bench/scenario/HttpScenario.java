package dev.ringnet.bench.scenario;

import dev.ringnet.bench.load.Load;
import dev.ringnet.bench.load.WrkLoad;
import dev.ringnet.bench.server.ServerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * HTTP GET with wrk over keep-alive connections: {@code /hello} one request at a time per connection, {@code /hello}
 * pipelined, or a static file.
 */
public final class HttpScenario extends LoadScenario {
    private final String name;
    private final String path;
    private final int pipelineDepth;
    private final int maxConnections;
    private final List<String> serverArgs;
    private final String description;
    private final long fileSize;

    private HttpScenario(String name, String path, int pipelineDepth, int maxConnections, List<String> serverArgs,
                         String description, long fileSize) {
        this.name = name;
        this.path = path;
        this.pipelineDepth = pipelineDepth;
        this.maxConnections = maxConnections;
        this.serverArgs = serverArgs;
        this.description = description;
        this.fileSize = fileSize;
    }

    /** {@code GET /hello}, keep-alive, one request outstanding per connection. */
    public static HttpScenario hello() {
        return new HttpScenario("http-hello", "/hello", 1, Integer.MAX_VALUE, List.of(),
                "HTTP/1.1 GET /hello (13 B body) over keep-alive connections, closed loop (wrk)", 0);
    }

    /** {@code GET /hello} in pipelined batches of {@code depth}. */
    public static HttpScenario pipelined(int depth) {
        return new HttpScenario("http-pipelined", "/hello", depth, Integer.MAX_VALUE, List.of(),
                "HTTP/1.1 GET /hello pipelined " + depth + " deep per connection (wrk with a Lua script); no"
                        + " latency: wrk's histogram is not valid for pipelined batches", 0);
    }

    /**
     * {@code GET} of a static file under the server's root, with {@code serverArgs} (the zero-copy switch) and at
     * most {@code maxConnections} connections (big files at 1,000 connections measure the disk cache, not us).
     */
    public static HttpScenario file(String name, String file, long size, int maxConnections,
                                    List<String> serverArgs, String mode) {
        return new HttpScenario(name, "/" + file, 1, maxConnections, serverArgs,
                "HTTP/1.1 GET of a static file of " + (size >> 20) + " MiB over keep-alive connections (wrk)" + mode,
                size);
    }

    /** Writes the file this scenario serves (random bytes: nothing compresses or dedupes) unless it exists. */
    @Override
    public void prepare(RunContext context) throws IOException {
        if (fileSize == 0) {
            return;
        }
        Path file = context.scratch().resolve("www").resolve(path.substring(1));
        if (Files.exists(file) && Files.size(file) == fileSize) {
            return;
        }
        byte[] chunk = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(fileSize);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < fileSize; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, fileSize - written));
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return "request";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> serverArgs() {
        return serverArgs;
    }

    @Override
    public List<Integer> connectionCounts(RunContext context) {
        List<Integer> counts = context.options().connections().stream().filter(c -> c <= maxConnections).toList();
        return counts.isEmpty() ? List.of(Math.min(maxConnections, context.options().connections().get(0)))
                : counts;
    }

    @Override
    protected Load load(ServerProcess server, int connections, RunContext context) throws IOException {
        if (pipelineDepth > 1) {
            return new WrkLoad(context.scratch().resolve("pipeline.lua"),
                    List.of(path, Integer.toString(pipelineDepth)), server.address("http"), path, connections);
        }
        return new WrkLoad(context.scratch().resolve("plain.lua"), List.of(), server.address("http"), path,
                connections);
    }
}
