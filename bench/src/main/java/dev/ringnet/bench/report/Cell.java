package dev.ringnet.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The runs of one transport on one scenario at one connection count, and their summary.
 *
 * <p>Mutable while the bench runs (runs and errors are added), read-only after. Not thread-safe.
 */
public final class Cell {
    private final String scenario;
    private final int connections;
    private final String transport;
    private final List<Map<String, Double>> runs = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    /** An empty cell. */
    public Cell(String scenario, int connections, String transport) {
        this.scenario = scenario;
        this.connections = connections;
        this.transport = transport;
    }

    /** Adds one run's figures. */
    public void addRun(Map<String, Double> figures) {
        runs.add(Map.copyOf(figures));
    }

    /** Records a run that failed, with its cause. */
    public void addError(String error) {
        errors.add(error);
    }

    /** The scenario name. */
    public String scenario() {
        return scenario;
    }

    /** The connection count. */
    public int connections() {
        return connections;
    }

    /** The transport name. */
    public String transport() {
        return transport;
    }

    /** The runs' figures, in run order. */
    public List<Map<String, Double>> runs() {
        return Collections.unmodifiableList(runs);
    }

    /** Why runs failed, in run order. */
    public List<String> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** The keys present in any run, sorted. */
    public List<String> keys() {
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.keySet()));
        return List.copyOf(keys);
    }

    /** The summary of figure {@code key} over the runs that have it, or null when none has. */
    public Stat stat(String key) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Double> run : runs) {
            Double v = run.get(key);
            if (v != null && !v.isNaN()) {
                values.add(v);
            }
        }
        return values.isEmpty() ? null : Stat.of(values);
    }

    /** Summaries of every key. */
    public Map<String, Stat> summary() {
        Map<String, Stat> summary = new LinkedHashMap<>();
        for (String key : keys()) {
            Stat s = stat(key);
            if (s != null) {
                summary.put(key, s);
            }
        }
        return summary;
    }

    /**
     * Median and spread of one figure over runs.
     *
     * @param median the median (mean of the middle two for an even count)
     * @param min    the smallest run
     * @param max    the largest run
     * @param n      how many runs
     */
    public record Stat(double median, double min, double max, int n) {
        /** The summary of {@code values}. */
        public static Stat of(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Stat(median, sorted.get(0), sorted.get(n - 1), n);
        }

        /** The spread relative to the median: (max - min) / median. */
        public double relativeSpread() {
            return median == 0 ? 0 : (max - min) / Math.abs(median);
        }
    }
}
