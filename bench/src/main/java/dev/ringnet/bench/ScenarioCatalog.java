package dev.ringnet.bench;

import dev.ringnet.bench.scenario.EchoScenario;
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
            default -> null;
        };
    }

    /** The scenarios the options select, skipping (with a note on stderr) those not available. */
    static List<Scenario> select(BenchOptions options, Progress progress) {
        List<Scenario> selected = new ArrayList<>();
        for (String name : options.scenarioNames()) {
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
