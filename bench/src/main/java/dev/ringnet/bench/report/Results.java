package dev.ringnet.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one bench run produced: when, with which options, on what machine, and the cells. Written as
 * {@code results.json} (schema {@value #SCHEMA}) and read back for {@code --baseline}.
 *
 * <p>Schema: {@code {schema, started, finished, quick, options{}, environment{}, transports[],
 * scenarios[{name, unit, description, connections[]}], cells[{scenario, connections, transport, errors[],
 * runs[{figure: value}], summary{figure: {median, min, max, n}}}]}}. Figures are numbers; a figure missing from a
 * run was not measured by it.
 *
 * <p>Not thread-safe: the bench's main thread fills it.
 */
public final class Results {
    /** The schema name and version of results.json; bumped on any incompatible change. */
    public static final String SCHEMA = "ringnet-bench/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode meta;
    private final List<String> transports = new ArrayList<>();
    private final Map<String, ObjectNode> scenarios = new LinkedHashMap<>();
    private final Map<String, Cell> cells = new LinkedHashMap<>();

    /** An empty result set. */
    public Results() {
        this.meta = JSON.createObjectNode();
        meta.put("schema", SCHEMA);
    }

    /** The metadata object (started, finished, quick, options, environment) for the bench to fill. */
    public ObjectNode meta() {
        return meta;
    }

    /** Declares the transports compared, in their order. */
    public void setTransports(List<String> names) {
        transports.clear();
        transports.addAll(names);
    }

    /** The transports compared. */
    public List<String> transports() {
        return List.copyOf(transports);
    }

    /** Declares a scenario and the connection counts it runs. */
    public void addScenario(String name, String unit, String description, List<Integer> connections) {
        ObjectNode s = JSON.createObjectNode();
        s.put("name", name);
        s.put("unit", unit);
        s.put("description", description);
        ArrayNode counts = s.putArray("connections");
        connections.forEach(counts::add);
        scenarios.put(name, s);
    }

    /** Scenario names in run order. */
    public List<String> scenarioNames() {
        return List.copyOf(scenarios.keySet());
    }

    /** The unit of work of {@code scenario}. */
    public String unit(String scenario) {
        return scenarios.get(scenario).path("unit").asText();
    }

    /** The description of {@code scenario}. */
    public String description(String scenario) {
        return scenarios.get(scenario).path("description").asText();
    }

    /** The connection counts of {@code scenario}. */
    public List<Integer> connections(String scenario) {
        List<Integer> counts = new ArrayList<>();
        scenarios.get(scenario).path("connections").forEach(n -> counts.add(n.asInt()));
        return counts;
    }

    /** The cell for the triple, created empty on first use. */
    public Cell cell(String scenario, int connections, String transport) {
        return cells.computeIfAbsent(key(scenario, connections, transport),
                k -> new Cell(scenario, connections, transport));
    }

    /** The cell for the triple, or null when it never ran. */
    public Cell find(String scenario, int connections, String transport) {
        return cells.get(key(scenario, connections, transport));
    }

    /** Every cell, in the order first used. */
    public List<Cell> cells() {
        return List.copyOf(cells.values());
    }

    private static String key(String scenario, int connections, String transport) {
        return scenario + "|" + connections + "|" + transport;
    }

    /** Writes results.json. */
    public void write(Path file) throws IOException {
        ObjectNode root = meta.deepCopy();
        ArrayNode ts = root.putArray("transports");
        transports.forEach(ts::add);
        ArrayNode ss = root.putArray("scenarios");
        scenarios.values().forEach(ss::add);
        ArrayNode cs = root.putArray("cells");
        for (Cell cell : cells.values()) {
            ObjectNode c = cs.addObject();
            c.put("scenario", cell.scenario());
            c.put("connections", cell.connections());
            c.put("transport", cell.transport());
            ArrayNode errors = c.putArray("errors");
            cell.errors().forEach(errors::add);
            ArrayNode runs = c.putArray("runs");
            for (Map<String, Double> run : cell.runs()) {
                ObjectNode r = runs.addObject();
                new java.util.TreeMap<>(run).forEach((k, v) -> putNumber(r, k, v));
            }
            ObjectNode summary = c.putObject("summary");
            cell.summary().forEach((k, s) -> {
                ObjectNode o = summary.putObject(k);
                putNumber(o, "median", s.median());
                putNumber(o, "min", s.min());
                putNumber(o, "max", s.max());
                o.put("n", s.n());
            });
        }
        JSON.writeValue(file.toFile(), root);
    }

    /** JSON has no NaN or infinity: such a figure is left out. */
    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        }
    }

    /**
     * Reads a results.json written by {@link #write}.
     *
     * @throws IOException when unreadable or of another schema
     */
    public static Results read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        String schema = root.path("schema").asText();
        if (!SCHEMA.equals(schema)) {
            throw new IOException(file + " has schema '" + schema + "', this bench reads " + SCHEMA);
        }
        Results results = new Results();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!List.of("transports", "scenarios", "cells").contains(e.getKey())) {
                results.meta.set(e.getKey(), e.getValue());
            }
        }
        List<String> ts = new ArrayList<>();
        root.path("transports").forEach(t -> ts.add(t.asText()));
        results.setTransports(ts);
        root.path("scenarios").forEach(s -> results.scenarios.put(s.path("name").asText(), (ObjectNode) s));
        for (JsonNode c : root.path("cells")) {
            Cell cell = results.cell(c.path("scenario").asText(), c.path("connections").asInt(),
                    c.path("transport").asText());
            c.path("errors").forEach(e -> cell.addError(e.asText()));
            for (JsonNode r : c.path("runs")) {
                Map<String, Double> run = new LinkedHashMap<>();
                r.fields().forEachRemaining(f -> run.put(f.getKey(), f.getValue().asDouble()));
                cell.addRun(run);
            }
        }
        return results;
    }
}
