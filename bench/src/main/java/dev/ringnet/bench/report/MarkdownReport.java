package dev.ringnet.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * report.md: per scenario and connection count, a table of figures (rows) by transport (columns) as
 * "median (min–max)" over the runs, ratios against the first transport, the top system calls, and, with a baseline,
 * a mark on every figure that moved beyond its spread.
 */
public final class MarkdownReport {
    private final Results results;
    private final Baseline baseline;

    /** A report of {@code results}, compared with {@code baseline} when not null. */
    public MarkdownReport(Results results, Baseline baseline) {
        this.results = results;
        this.baseline = baseline;
    }

    /** The Markdown text. */
    public String render() {
        StringBuilder md = new StringBuilder();
        JsonNode meta = results.meta();
        JsonNode env = meta.path("environment");
        md.append("# Ringnet transport comparison\n\n");
        md.append("Started ").append(meta.path("started").asText()).append(", finished ")
                .append(meta.path("finished").asText()).append(meta.path("quick").asBoolean() ? " (--quick)" : "")
                .append(". Kernel ").append(env.path("kernel").asText()).append(", ")
                .append(env.path("cpu_count").asInt()).append(" x ").append(env.path("cpu_model").asText())
                .append(", ").append(env.path("jdk").asText()).append(", Netty ").append(env.path("netty").asText())
                .append(". Server on CPUs ").append(env.path("server_cpus").asText()).append(" with ")
                .append(env.path("server_io_threads").asInt()).append(" io thread(s); load and bench on CPUs ")
                .append(env.path("load_cpus").asText()).append(".\n\n");
        JsonNode options = meta.path("options");
        md.append("Each figure is the median of ").append(options.path("runs").asInt())
                .append(" runs (min–max in parentheses); runs are interleaved across transports; each run warms up ")
                .append(options.path("warmup_ms").asLong()).append(" ms, then measures ")
                .append(options.path("duration_ms").asLong()).append(" ms. Server CPU comes from /proc/PID/stat, less")
                .append(" the JIT compiler threads' share (a one-time cost of a new JVM, shown on a line of its own),")
                .append(" system calls from `perf stat -e raw_syscalls:sys_enter -p PID`, both over the measured")
                .append(" window only. Latency is measured by the client.\n");
        String notCounted = syscallsNotCountedBecause(results);
        if (notCounted != null) {
            md.append("\n**System calls were not measured**: ").append(notCounted).append(".\n");
        }
        if (baseline != null) {
            md.append("\nCompared with ").append(baseline.label())
                    .append(": a figure that moved by more than the spread of either run is marked better/worse.\n");
        }
        md.append("\n## Transports\n\n```\n").append(env.path("transport_table").asText().strip()).append("\n```\n");
        renderHeadlines(md);
        ZeroCopyTable.render(md, results);
        for (String scenario : results.scenarioNames()) {
            md.append("\n## ").append(scenario).append("\n\n").append(results.description(scenario))
                    .append(". Per-unit figures are per ").append(results.unit(scenario)).append(".\n");
            for (int connections : results.connections(scenario)) {
                renderTable(md, scenario, connections);
            }
        }
        return md.toString();
    }

    private void renderTable(StringBuilder md, String scenario, int connections) {
        List<String> transports = results.transports();
        List<Cell> cells = new ArrayList<>();
        for (String t : transports) {
            Cell c = results.find(scenario, connections, t);
            cells.add(c == null ? new Cell(scenario, connections, t) : c);
        }
        md.append("\n### ").append(scenario).append(", ").append(connections).append(" connection")
                .append(connections == 1 ? "" : "s").append("\n\n| figure |");
        transports.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n| --- |");
        transports.forEach(t -> md.append(" ---: |"));
        md.append('\n');
        for (Figure f : figuresOf(cells)) {
            md.append("| ").append(f.label()).append(f.unit().isEmpty() ? "" : " (" + f.unit() + ")").append(" |");
            for (Cell c : cells) {
                md.append(' ').append(Format.stat(c.stat(f.key())));
                if (baseline != null) {
                    Baseline.Change change = baseline.compare(c, f.key());
                    if (change != null && change.moved()) {
                        md.append(" **").append(change.mark()).append("**");
                    }
                }
                md.append(" |");
            }
            md.append('\n');
        }
        renderRatios(md, cells);
        renderSyscalls(md, cells);
        for (Cell c : cells) {
            for (String e : c.errors()) {
                md.append("\n- ").append(c.transport()).append(" failed: ").append(e.replace('\n', ' '));
            }
        }
        md.append('\n');
    }

    /**
     * One table of ratios over every scenario and connection count: each transport's median against the first
     * transport's, for throughput (higher is better) and server CPU per unit (lower is better).
     */
    private void renderHeadlines(StringBuilder md) {
        List<String> transports = results.transports();
        if (transports.size() < 2) {
            return;
        }
        String first = transports.get(0);
        md.append("\n## Headlines\n\nMedians relative to ").append(first)
                .append(": throughput (higher is better) / server CPU per unit (lower is better).\n\n| scenario |");
        transports.subList(1, transports.size()).forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n| --- |");
        transports.subList(1, transports.size()).forEach(t -> md.append(" ---: |"));
        md.append('\n');
        for (String scenario : results.scenarioNames()) {
            for (int connections : results.connections(scenario)) {
                Cell base = results.find(scenario, connections, first);
                if (base == null || base.stat(Figure.CPU.key()) == null) {
                    continue;
                }
                md.append("| ").append(scenario).append(", ").append(connections).append(" conn |");
                for (String t : transports.subList(1, transports.size())) {
                    Cell c = results.find(scenario, connections, t);
                    md.append(' ').append(ratio(c, base, Figure.THROUGHPUT)).append(" / ")
                            .append(ratio(c, base, Figure.CPU)).append(" |");
                }
                md.append('\n');
            }
        }
    }

    /**
     * Why the bench counted no system calls, or null when it did (or when results.json predates the field). The
     * reports state it once, at the top, instead of leaving the figures silently absent.
     */
    static String syscallsNotCountedBecause(Results results) {
        JsonNode counting = results.meta().path("environment").path("syscall_counting");
        return counting.path("available").asBoolean(true) ? null : counting.path("cause").asText("unknown cause");
    }

    /** {@code cell}'s median of {@code figure} over {@code base}'s, as "1.23x", or "-" when either is missing. */
    static String ratio(Cell cell, Cell base, Figure figure) {
        Cell.Stat s = cell == null ? null : cell.stat(figure.key());
        Cell.Stat b = base.stat(figure.key());
        if (s == null || b == null || b.median() == 0) {
            return "-";
        }
        return Format.ratio(s.median() / b.median());
    }

    /** The figures any of {@code cells} has, in the catalogue's order. */
    static List<Figure> figuresOf(List<Cell> cells) {
        List<Figure> figures = new ArrayList<>();
        for (List<Figure> group : List.of(Figure.MEMORY, Figure.TRAFFIC)) {
            for (Figure f : group) {
                if (!figures.contains(f) && cells.stream().anyMatch(c -> c.stat(f.key()) != null)) {
                    figures.add(f);
                }
            }
        }
        return figures;
    }

    private static void renderRatios(StringBuilder md, List<Cell> cells) {
        Cell first = cells.get(0);
        for (Figure f : List.of(Figure.THROUGHPUT, Figure.CPU, Figure.RSS_PER_CONN)) {
            Cell.Stat base = first.stat(f.key());
            if (base == null || base.median() == 0) {
                continue;
            }
            md.append("\n").append(f.label()).append(" relative to ").append(first.transport()).append(":");
            for (Cell c : cells.subList(1, cells.size())) {
                Cell.Stat s = c.stat(f.key());
                md.append(' ').append(c.transport()).append(' ')
                        .append(s == null ? "-" : Format.ratio(s.median() / base.median())).append(';');
            }
            md.append('\n');
        }
    }

    private static void renderSyscalls(StringBuilder md, List<Cell> cells) {
        StringBuilder line = new StringBuilder();
        for (Cell c : cells) {
            List<Map.Entry<String, Double>> top = new ArrayList<>();
            for (String key : c.keys()) {
                if (key.startsWith("syscalls.")) {
                    Cell.Stat s = c.stat(key);
                    if (s != null && s.median() > 0) {
                        top.add(Map.entry(key.substring(9, key.length() - "_per_req".length()), s.median()));
                    }
                }
            }
            if (top.isEmpty()) {
                continue;
            }
            top.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
            line.append("\n- ").append(c.transport()).append(": ");
            for (Map.Entry<String, Double> e : top.subList(0, Math.min(5, top.size()))) {
                line.append(e.getKey()).append(' ').append(Format.num(e.getValue())).append(", ");
            }
            line.setLength(line.length() - 2);
        }
        if (!line.isEmpty()) {
            md.append("\nTop system calls per unit (median):").append(line).append('\n');
        }
    }
}
