package dev.ringnet.bench;

import dev.ringnet.bench.scenario.ChurnScenario;
import dev.ringnet.bench.scenario.EchoScenario;
import dev.ringnet.bench.scenario.HttpScenario;
import dev.ringnet.bench.scenario.IdleScenario;
import dev.ringnet.bench.scenario.ProxyScenario;
import dev.ringnet.bench.scenario.RateScenario;
import dev.ringnet.bench.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/** The scenarios by name, in the order {@link BenchOptions#ALL_SCENARIOS} gives. */
final class ScenarioCatalog {
    private ScenarioCatalog() {
    }

    /** The scenario called {@code name}, or null when this build does not have it yet. */
    static Scenario byName(String name, BenchOptions options) {
        return switch (name) {
            case "echo-64" -> new EchoScenario("echo-64", 64);
            case "echo-4k" -> new EchoScenario("echo-4k", 4096);
            case "http-hello" -> HttpScenario.hello();
            case "http-pipelined" -> HttpScenario.pipelined(16);
            case "churn" -> new ChurnScenario();
            case "proxy" -> new ProxyScenario();
            case "echo-rate" -> new RateScenario();
            case "idle" -> new IdleScenario();
            default -> null;
        };
    }

    /**
     * The static file scenarios: one per zero-copy mode when the server has the {@code --zero-copy} switch, else
     * one in the server's default mode.
     */
    static List<Scenario> files(String name, String file, long size, int maxConnections, boolean zeroCopySwitch) {
        if (!zeroCopySwitch) {
            return List.of(HttpScenario.file(name, file, size, maxConnections, List.of(),
                    "; the server has no --zero-copy switch: its default mode only"));
        }
        return List.of(
                HttpScenario.file(name + "-zc-on", file, size, maxConnections, List.of("--zero-copy", "on"),
                        " with --zero-copy on"),
                HttpScenario.file(name + "-zc-off", file, size, maxConnections, List.of("--zero-copy", "off"),
                        " with --zero-copy off"));
    }

    /** The scenarios the options select, skipping (with a note on stderr) those not available. */
    static List<Scenario> select(BenchOptions options, Progress progress, boolean zeroCopySwitch) {
        List<Scenario> selected = new ArrayList<>();
        for (String name : options.scenarioNames()) {
            if (name.equals("file-1m")) {
                // --quick's one second of wrk must see responses complete on busy CPUs: 100 connections sharing the
                // server's bandwidth could all still be mid-file when it ends (throughput 0 was seen here).
                selected.addAll(files(name, "file-1m.bin", 1L << 20, options.quick() ? 10 : 100, zeroCopySwitch));
                continue;
            }
            if (name.equals("file-64m")) {
                selected.addAll(files(name, "file-64m.bin", 64L << 20, 1, zeroCopySwitch));
                continue;
            }
            Scenario s = byName(name, options);
            if (s == null) {
                progress.message("bench: scenario " + name + " is not implemented yet; skipped");
            } else {
                selected.add(s);
            }
        }
        return selected;
    }
}
