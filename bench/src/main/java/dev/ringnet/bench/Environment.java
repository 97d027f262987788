package dev.ringnet.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringnet.bench.measure.SyscallCounting;
import dev.ringnet.bench.server.ServerLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine and software a bench ran on, for results.json: kernel, CPU model and count, JDK, Netty, wrk and perf
 * versions, and the server's own transport table ({@code ringnet transports}): which transports are available and
 * the io_uring features each uses.
 */
public final class Environment {
    private final Map<String, TransportRow> transports;
    private final String transportTable;

    private Environment(Map<String, TransportRow> transports, String transportTable) {
        this.transports = transports;
        this.transportTable = transportTable;
    }

    /**
     * One row of the transport table.
     *
     * @param name      transport name
     * @param available whether it can run here
     * @param features  io_uring features in use ("-" for none)
     * @param cause     why not, or "-"
     */
    public record TransportRow(String name, boolean available, String features, String cause) {
    }

    /** Asks the server program for its transport table. */
    public static Environment probe(ServerLauncher launcher) throws IOException {
        String table = run(launcher.plainCommand("transports"));
        Map<String, TransportRow> rows = new LinkedHashMap<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+", 4);
            if (f.length >= 3 && !f[0].equals("TRANSPORT") && (f[1].equals("yes") || f[1].equals("no"))) {
                rows.put(f[0], new TransportRow(f[0], f[1].equals("yes"), f[2], f.length > 3 ? f[3] : "-"));
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("'ringnet transports' printed no table: " + table);
        }
        return new Environment(rows, table);
    }

    /** The transports that can run here, in the table's order (best first). */
    public List<String> availableTransports() {
        List<String> names = new ArrayList<>();
        transports.values().forEach(r -> {
            if (r.available()) {
                names.add(r.name());
            }
        });
        return names;
    }

    /** The row of {@code name}, or null when the server does not know it. */
    public TransportRow transport(String name) {
        return transports.get(name);
    }

    /** Fills {@code node} with the environment. */
    public void describe(ObjectNode node, BenchOptions options) {
        node.put("kernel", read("/proc/sys/kernel/osrelease"));
        node.put("cpu_model", cpuModel());
        node.put("cpu_count", cpuCount());
        node.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        node.put("netty", nettyVersion());
        node.put("wrk", firstLine(List.of("wrk", "-v")));
        node.put("perf", firstLine(List.of("perf", "--version")));
        // Read by the reports: without it they would show syscall figures as merely missing, with no reason.
        ObjectNode syscalls = node.putObject("syscall_counting");
        syscalls.put("available", SyscallCounting.isAvailable());
        if (!SyscallCounting.isAvailable()) {
            syscalls.put("cause", SyscallCounting.unavailabilityCause());
        }
        node.put("server_cpus", options.serverCpus());
        node.put("load_cpus", options.loadCpus());
        node.put("server_io_threads", options.ioThreads());
        ObjectNode ts = node.putObject("transports");
        for (TransportRow row : transports.values()) {
            ObjectNode t = ts.putObject(row.name());
            t.put("available", row.available());
            t.put("io_uring_features", row.features());
            t.put("cause", row.cause());
        }
        node.put("transport_table", transportTable);
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    /** CPUs online on the machine (not the ones this process is pinned to). */
    private static int cpuCount() {
        int count = 0;
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("processor")) {
                count++;
            }
        }
        return count;
    }

    private static String nettyVersion() {
        var versions = io.netty.util.Version.identify();
        var common = versions.get("netty-common");
        return common == null ? "unknown" : common.artifactVersion();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String firstLine(List<String> command) {
        try {
            String out = run(command);
            return out.lines().findFirst().orElse("").trim();
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    /** Runs {@code command}, returning stdout and stderr together; fails after 60 s. */
    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 60 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }
}
