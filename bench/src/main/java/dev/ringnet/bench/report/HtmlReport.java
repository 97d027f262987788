package dev.ringnet.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * report.html: one self-contained page (inline SVG and CSS, no scripts, no external resources). Per scenario:
 * throughput, latency percentiles, server CPU and system calls per unit (memory per connection for the idle
 * scenario), each chart with a table of its numbers beside it; with a baseline, moved figures are marked in the
 * tables.
 */
public final class HtmlReport {
    private static final String STYLE = "body{font:14px sans-serif;margin:24px;max-width:1400px;color:#222}"
            + "h2{margin-top:36px;border-bottom:1px solid #ccc}.row{display:flex;gap:16px;align-items:flex-start;"
            + "margin:12px 0}svg{flex:none}table{border-collapse:collapse;font-size:11px}td,th{border:1px solid"
            + " #ccc;padding:3px 6px;text-align:right}th:first-child,td:first-child{text-align:left}"
            + ".better{color:#080;font-weight:bold}.worse{color:#b00;font-weight:bold}pre{font-size:11px;"
            + "background:#f6f6f6;padding:8px;overflow:auto}.err{color:#b00}";

    private final Results results;
    private final Baseline baseline;

    /** A report of {@code results}, compared with {@code baseline} when not null. */
    public HtmlReport(Results results, Baseline baseline) {
        this.results = results;
        this.baseline = baseline;
    }

    /** The HTML text. */
    public String render() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'>"
                + "<title>Ringnet transport comparison</title><style>" + STYLE + "</style></head><body>");
        JsonNode meta = results.meta();
        JsonNode env = meta.path("environment");
        html.append("<h1>Ringnet transport comparison</h1><p>").append(esc(meta.path("started").asText()))
                .append(meta.path("quick").asBoolean() ? " (--quick)" : "").append(" &middot; kernel ")
                .append(esc(env.path("kernel").asText())).append(" &middot; ").append(env.path("cpu_count").asInt())
                .append(" &times; ").append(esc(env.path("cpu_model").asText())).append(" &middot; ")
                .append(esc(env.path("jdk").asText())).append(" &middot; Netty ").append(esc(env.path("netty")
                .asText())).append("<br>Server on CPUs ").append(esc(env.path("server_cpus").asText()))
                .append(", load on CPUs ").append(esc(env.path("load_cpus").asText())).append(". Bars are medians of ")
                .append(meta.path("options").path("runs").asInt()).append(" interleaved runs; whiskers span the"
                        + " smallest to the largest run.");
        if (baseline != null) {
            html.append(" Compared with ").append(esc(baseline.label())).append(": figures that moved beyond"
                    + " the spread of either run are marked.");
        }
        String notCounted = MarkdownReport.syscallsNotCountedBecause(results);
        if (notCounted != null) {
            html.append("<br><b>System calls were not measured</b>: ").append(esc(notCounted)).append('.');
        }
        html.append("</p><pre>").append(esc(env.path("transport_table").asText())).append("</pre>");
        renderHeadlines(html);
        for (String scenario : results.scenarioNames()) {
            renderScenario(html, scenario);
        }
        return html.append("</body></html>\n").toString();
    }

    /** Every scenario and connection count in one table: medians as ratios against the first transport. */
    private void renderHeadlines(StringBuilder html) {
        List<String> transports = results.transports();
        if (transports.size() < 2) {
            return;
        }
        String first = transports.get(0);
        List<String> others = transports.subList(1, transports.size());
        html.append("<h2>Headlines</h2><p>Medians relative to ").append(esc(first)).append(": throughput (higher"
                + " is better) / server CPU per unit (lower is better).</p><table><tr><th>scenario</th>");
        others.forEach(t -> html.append("<th>").append(esc(t)).append("</th>"));
        html.append("</tr>");
        for (String scenario : results.scenarioNames()) {
            for (int connections : results.connections(scenario)) {
                Cell base = results.find(scenario, connections, first);
                if (base == null || base.stat(Figure.CPU.key()) == null) {
                    continue;
                }
                html.append("<tr><td>").append(esc(scenario)).append(", ").append(connections).append(" conn</td>");
                for (String t : others) {
                    Cell c = results.find(scenario, connections, t);
                    html.append("<td>").append(MarkdownReport.ratio(c, base, Figure.THROUGHPUT)).append(" / ")
                            .append(MarkdownReport.ratio(c, base, Figure.CPU)).append("</td>");
                }
                html.append("</tr>");
            }
        }
        html.append("</table>");
    }

    private void renderScenario(StringBuilder html, String scenario) {
        html.append("<h2>").append(esc(scenario)).append("</h2><p>").append(esc(results.description(scenario)))
                .append(". Per-unit figures are per ").append(esc(results.unit(scenario))).append(".</p>");
        List<Integer> counts = results.connections(scenario);
        List<String> groups = counts.stream().map(c -> c + " conn").toList();
        boolean memory = hasFigure(scenario, Figure.RSS_PER_CONN);
        List<Figure> perCount = memory ? List.of(Figure.RSS_PER_CONN, Figure.HEAP_PER_CONN, Figure.NATIVE_PER_CONN)
                : List.of(hasFigure(scenario, Figure.THROUGHPUT) && !scenario.startsWith("file")
                        && !scenario.startsWith("proxy") ? Figure.THROUGHPUT : Figure.MIB_PER_SEC,
                        Figure.CPU, Figure.SYSCALLS);
        for (Figure f : perCount) {
            if (hasFigure(scenario, f)) {
                chartRow(html, scenario, f.label() + " by connections", f, groups, counts, List.of(f), false);
            }
        }
        if (!memory) {
            List<Figure> percentiles = List.of(Figure.P50, Figure.P90, Figure.P99, Figure.P999);
            for (int c : counts) {
                if (hasFigure(scenario, Figure.P50)) {
                    chartRow(html, scenario, "latency, " + c + " conn", Figure.P50,
                            List.of("p50", "p90", "p99", "p99.9"), List.of(c, c, c, c), percentiles, true);
                }
            }
        }
        for (String t : results.transports()) {
            for (int c : counts) {
                Cell cell = results.find(scenario, c, t);
                if (cell != null) {
                    for (String e : cell.errors()) {
                        html.append("<p class='err'>").append(esc(t)).append(", ").append(c).append(" conn: ")
                                .append(esc(e)).append("</p>");
                    }
                }
            }
        }
    }

    /** One chart and its table: group g shows figure figures[g] at connection count counts[g]. */
    private void chartRow(StringBuilder html, String scenario, String title, Figure unitOf, List<String> groups,
                          List<Integer> counts, List<Figure> figures, boolean log) {
        List<String> transports = results.transports();
        Cell.Stat[][] stats = new Cell.Stat[groups.size()][transports.size()];
        List<Cell[]> cells = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Cell[] row = new Cell[transports.size()];
            for (int t = 0; t < transports.size(); t++) {
                row[t] = results.find(scenario, counts.get(g), transports.get(t));
                Figure f = figures.size() == 1 ? figures.get(0) : figures.get(g);
                stats[g][t] = row[t] == null ? null : row[t].stat(f.key());
            }
            cells.add(row);
        }
        html.append("<div class='row'>").append(BarChart.render(title, unitOf.unit(), groups, transports, stats, log))
                .append("<table><tr><th>").append(esc(title)).append("</th>");
        transports.forEach(t -> html.append("<th>").append(esc(t)).append("</th>"));
        html.append("</tr>");
        for (int g = 0; g < groups.size(); g++) {
            html.append("<tr><td>").append(esc(groups.get(g))).append("</td>");
            Figure f = figures.size() == 1 ? figures.get(0) : figures.get(g);
            for (int t = 0; t < transports.size(); t++) {
                html.append("<td>").append(esc(Format.stat(stats[g][t])));
                Cell cell = cells.get(g)[t];
                if (baseline != null && cell != null) {
                    Baseline.Change change = baseline.compare(cell, f.key());
                    if (change != null && change.moved()) {
                        html.append(" <span class='").append(change.better() ? "better" : "worse").append("'>")
                                .append(esc(change.mark())).append("</span>");
                    }
                }
                html.append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table></div>");
    }

    private boolean hasFigure(String scenario, Figure f) {
        for (Cell c : results.cells()) {
            if (c.scenario().equals(scenario) && c.stat(f.key()) != null) {
                return true;
            }
        }
        return false;
    }

    private static String esc(String s) {
        return BarChart.esc(s);
    }
}
