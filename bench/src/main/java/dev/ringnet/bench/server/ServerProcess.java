package dev.ringnet.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running server under test: its process, the addresses from its startup line, and its log file.
 *
 * <p>{@link #start} waits for the one startup line {@code ringnet started transport=... http=HOST:PORT
 * echo=HOST:PORT|off proxy=HOST:PORT|off tls=... pid=N}; stderr (the human log) goes to a file that is quoted when
 * the server fails to start. {@link #close()} sends SIGTERM and waits, then kills. Not thread-safe.
 */
public final class ServerProcess implements AutoCloseable {
    private static final String PREFIX = "ringnet started ";

    private final Process process;
    private final Map<String, String> fields;
    private final Path log;

    private ServerProcess(Process process, Map<String, String> fields, Path log) {
        this.process = process;
        this.fields = fields;
        this.log = log;
    }

    /**
     * Starts the server with {@code command} and waits up to {@code timeoutSeconds} for its startup line.
     *
     * @throws IOException when it exits first, prints something else, or stays silent; the message quotes its log
     */
    public static ServerProcess start(List<String> command, Path log, long timeoutSeconds) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            String first = line.get(timeoutSeconds, TimeUnit.SECONDS);
            if (first == null || !first.startsWith(PREFIX)) {
                throw failure(process, log, "printed " + (first == null ? "nothing" : "'" + first + "'"));
            }
            drain(stdout);
            return new ServerProcess(process, parse(first), log);
        } catch (TimeoutException e) {
            throw failure(process, log, "printed no startup line within " + timeoutSeconds + " s");
        } catch (ExecutionException e) {
            throw failure(process, log, "stdout failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while starting the server", e);
        }
    }

    /** Parses the fields of a startup line into a map (transport, http, echo, proxy, tls, pid). */
    static Map<String, String> parse(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String token : line.substring(PREFIX.length()).trim().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return fields;
    }

    /** Whatever the server prints later on stdout must not fill the pipe and block it. */
    private static void drain(BufferedReader stdout) {
        Thread drainer = new Thread(() -> {
            try {
                while (stdout.readLine() != null) {
                    // the startup line is the only one the server documents; later lines are ignored
                }
            } catch (IOException e) {
                // the process ended and closed its stdout: nothing left to drain
            }
        }, "server-stdout");
        drainer.setDaemon(true);
        drainer.start();
    }

    private static IOException failure(Process process, Path log, String what) {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail;
        try {
            List<String> lines = Files.readAllLines(log);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            tail = "(log unreadable: " + e + ")";
        }
        return new IOException("the server " + what + " (exit " + (process.isAlive() ? "-" : process.exitValue())
                + "); its log " + log + " ends with:\n" + tail);
    }

    /** The server JVM's process id (from the startup line: taskset execs java, so it is also our child's). */
    public long pid() {
        return Long.parseLong(fields.getOrDefault("pid", Long.toString(process.pid())));
    }

    /** The transport the server says it runs on. */
    public String transport() {
        return fields.get("transport");
    }

    /**
     * The address of listener {@code name} (http, echo, proxy).
     *
     * @throws IOException when the server's startup line says that listener is off
     */
    public InetSocketAddress address(String name) throws IOException {
        String value = fields.get(name);
        if (value == null || value.equals("off")) {
            throw new IOException("the server has no " + name + " listener");
        }
        int colon = value.lastIndexOf(':');
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where the server's log goes. */
    public Path log() {
        return log;
    }

    /** The exit status once the process has ended (after {@link #close()}), or -1 while it runs. */
    public int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGTERM, up to 15 s for a graceful exit, then SIGKILL. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
