package dev.ringnet.bench.report;

import java.util.Locale;

/**
 * The zero-copy section of the report: for each file scenario run both ways ({@code NAME-zc-on} and
 * {@code NAME-zc-off}), each transport's server CPU time per GiB served with the server's {@code --zero-copy on}
 * and {@code off}, and their ratio. CPU per GiB is the median CPU per request over the median bytes per request
 * (payload MiB/s over requests/s), in milliseconds. Stateless.
 */
final class ZeroCopyTable {
    private static final String ON = "-zc-on";
    private static final String OFF = "-zc-off";

    private ZeroCopyTable() {
    }

    /** Appends the section to {@code md}, or nothing when no scenario ran both ways. */
    static void render(StringBuilder md, Results results) {
        StringBuilder rows = new StringBuilder();
        for (String on : results.scenarioNames()) {
            if (!on.endsWith(ON)) {
                continue;
            }
            String name = on.substring(0, on.length() - ON.length());
            String off = name + OFF;
            for (int connections : results.connections(on)) {
                for (String transport : results.transports()) {
                    Double zeroCopy = cpuMsPerGib(results.find(on, connections, transport));
                    Double copy = cpuMsPerGib(results.find(off, connections, transport));
                    if (zeroCopy == null || copy == null) {
                        continue;
                    }
                    rows.append(String.format(Locale.ROOT, "| %s, %d conn | %s | %.0f | %.0f | %.2fx |%n", name,
                            connections, transport, zeroCopy, copy, zeroCopy / copy));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## Zero copy against copy\n\nServer CPU time per GiB served, with the server's `--zero-copy on`"
                + " and `off` (medians; lower is better).\n\n"
                + "| scenario | transport | zero-copy (ms/GiB) | copy (ms/GiB) | ratio |\n"
                + "| --- | --- | ---: | ---: | ---: |\n").append(rows);
    }

    /** Median server CPU per GiB of payload in {@code cell}, in ms; null without the figures. */
    static Double cpuMsPerGib(Cell cell) {
        if (cell == null) {
            return null;
        }
        Cell.Stat cpu = cell.stat(Figure.CPU.key());
        Cell.Stat mibPerSec = cell.stat(Figure.MIB_PER_SEC.key());
        Cell.Stat perSec = cell.stat(Figure.THROUGHPUT.key());
        if (cpu == null || mibPerSec == null || perSec == null || mibPerSec.median() <= 0 || perSec.median() <= 0) {
            return null;
        }
        double mibPerRequest = mibPerSec.median() / perSec.median();
        return cpu.median() / 1000 / mibPerRequest * 1024;
    }
}
