package dev.ringnet.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP load with wrk, closed loop: {@code connections} keep-alive connections on one wrk thread (the load CPUs
 * hold one), optionally pipelined (when the script takes arguments). Warm-up is a wrk run of its own; the measured
 * part is a second wrk run between the marks. Latency percentiles come from wrk's histogram through a Lua
 * {@code done} hook (wrk's text output has no p99.9), after wrk's own correction for coordinated omission (it
 * adds the samples a steady sender would have seen); pipelined runs report none (see {@link #run}).
 */
public final class WrkLoad implements Load {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;
    private final List<String> scriptArgs;
    private final InetSocketAddress target;
    private final String path;
    private final int connections;
    private final boolean pipelined;

    /**
     * A wrk load on {@code path} at {@code target}; {@code script} is the Lua file to use (see {@link #scripts}),
     * given {@code scriptArgs}.
     */
    public WrkLoad(Path script, List<String> scriptArgs, InetSocketAddress target, String path, int connections) {
        this.script = script;
        this.scriptArgs = List.copyOf(scriptArgs);
        this.target = target;
        this.path = path;
        this.connections = connections;
        this.pipelined = !scriptArgs.isEmpty();
    }

    /**
     * Writes the bench's Lua scripts into {@code dir}: {@code plain.lua} (reporting only) and {@code pipeline.lua}
     * (pipelining plus reporting). Returns {@code dir}.
     */
    public static Path scripts(Path dir) throws IOException {
        String report = resource("report.lua");
        Files.writeString(dir.resolve("plain.lua"), report);
        Files.writeString(dir.resolve("pipeline.lua"), resource("pipeline.lua") + "\n" + report);
        return dir;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WrkLoad.class.getResourceAsStream("/dev/ringnet/bench/wrk/" + name)) {
            if (in == null) {
                throw new IOException("the bench jar lacks wrk/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public LoadResult run(Duration warmup, Duration duration, Marks marks) throws IOException, InterruptedException {
        // wrk counts whole seconds: a warm-up under half a second (--quick, once the server has run this
        // scenario) is left out rather than stretched to a full second.
        if (warmup.toMillis() >= 500) {
            wrk(warmup);
        }
        marks.begin();
        JsonNode r = wrk(duration);
        marks.end();
        double seconds = r.path("duration_us").asLong() / 1e6;
        long errors = r.path("errors").asLong() + r.path("status_errors").asLong();
        // wrk records one latency per pipelined batch but corrects its histogram for coordinated omission with an
        // interval computed per response: with pipelining that adds synthetic samples below its own minimum and
        // its percentiles come out wrong (p99 = 0 was seen). Pipelined runs report no latency.
        Latency latency = pipelined ? null : new Latency(r.path("p50").asDouble(), r.path("p90").asDouble(),
                r.path("p99").asDouble(), r.path("p999").asDouble(), r.path("max").asDouble());
        return new LoadResult(r.path("requests").asLong(), r.path("bytes").asLong(), seconds, errors, latency);
    }

    /** Runs wrk for {@code duration} (whole seconds, at least one: wrk's unit) and returns its JSON line. */
    private JsonNode wrk(Duration duration) throws IOException, InterruptedException {
        long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "-s", script.toString(),
                "http://" + target.getHostString() + ":" + target.getPort() + path));
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 30, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IOException("wrk did not finish");
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("WRK_JSON ")) {
                return JSON.readTree(line.substring(9));
            }
        }
        throw new IOException("wrk exited with " + wrk.exitValue() + " without its report: " + out.strip());
    }

}
