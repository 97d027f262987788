package dev.ringnet.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart as inline SVG: one group per category (connection count, percentile), one bar per series
 * (transport) at its median, with a whisker from the smallest to the largest run so the noise shows beside the
 * difference. Linear or logarithmic value axis. Pure function of its data; no scripts, no external resources.
 */
final class BarChart {
    /** Colours per series, distinguishable in print and for common colour blindness (Okabe–Ito). */
    static final List<String> COLOURS = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
            "#F0E442", "#000000");
    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 10;
    private static final int TOP = 30;
    private static final int BOTTOM = 60;

    private BarChart() {
    }

    /**
     * The SVG of a chart titled {@code title}: {@code groups} along x, {@code series} as bars in each;
     * {@code stats[g][s]} is the summary of series s in group g, or null when missing.
     */
    static String render(String title, String unit, List<String> groups, List<String> series, Cell.Stat[][] stats,
                         boolean log) {
        double top = 0;
        double bottom = Double.MAX_VALUE;
        for (Cell.Stat[] row : stats) {
            for (Cell.Stat s : row) {
                if (s != null) {
                    top = Math.max(top, s.max());
                    if (s.min() > 0) {
                        bottom = Math.min(bottom, s.min());
                    }
                }
            }
        }
        if (top <= 0) {
            top = 1;
        }
        Axis axis = log ? Axis.log(bottom == Double.MAX_VALUE ? top / 10 : bottom, top) : Axis.linear(top);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                + " viewBox='0 0 %d %d' role='img' aria-label='%s'>", WIDTH, HEIGHT, WIDTH, HEIGHT, esc(title)));
        svg.append("<style>text{font:11px sans-serif;fill:#222}.t{font-weight:bold;font-size:13px}</style>");
        svg.append(String.format(Locale.ROOT, "<text class='t' x='%d' y='18'>%s</text>", LEFT, esc(title
                + (unit.isEmpty() ? "" : " (" + unit + ")") + (log ? ", log scale" : ""))));
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;
        for (double tick : axis.ticks()) {
            double y = TOP + plotHeight * (1 - axis.position(tick));
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>"
                    + "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", LEFT, WIDTH - RIGHT, y, y, LEFT - 4,
                    y + 4, Format.num(tick)));
        }
        double groupWidth = plotWidth / (double) Math.max(1, groups.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        for (int g = 0; g < groups.size(); g++) {
            double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.size(); s++) {
                Cell.Stat stat = stats[g][s];
                if (stat == null) {
                    continue;
                }
                bar(svg, axis, x0 + s * barWidth, barWidth, plotHeight, stat, COLOURS.get(s % COLOURS.size()),
                        series.get(s) + " " + groups.get(g));
            }
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>",
                    LEFT + (g + 0.5) * groupWidth, TOP + plotHeight + 16, esc(groups.get(g))));
        }
        svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#444'/>", LEFT,
                WIDTH - RIGHT, TOP + plotHeight, TOP + plotHeight));
        legend(svg, series, TOP + plotHeight + 34);
        return svg.append("</svg>").toString();
    }

    private static void bar(StringBuilder svg, Axis axis, double x, double width, int plotHeight, Cell.Stat stat,
                            String colour, String label) {
        double yMedian = TOP + plotHeight * (1 - axis.position(stat.median()));
        double yBase = TOP + plotHeight;
        svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'>"
                + "<title>%s: %s</title></rect>", x + 1, yMedian, Math.max(1, width - 2),
                Math.max(0, yBase - yMedian), colour, esc(label), esc(Format.stat(stat))));
        if (stat.n() > 1) {
            double yMin = TOP + plotHeight * (1 - axis.position(stat.min()));
            double yMax = TOP + plotHeight * (1 - axis.position(stat.max()));
            double cx = x + width / 2;
            svg.append(String.format(Locale.ROOT, "<path d='M%.1f %.1fV%.1fM%.1f %.1fh%.1fM%.1f %.1fh%.1f'"
                    + " stroke='#000' stroke-width='1.2' fill='none'/>", cx, yMin, yMax, cx - 3, yMin, 6.0, cx - 3,
                    yMax, 6.0));
        }
    }

    private static void legend(StringBuilder svg, List<String> series, int y) {
        int x = LEFT;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10' fill='%s'/>"
                    + "<text x='%d' y='%d'>%s</text>", x, y - 9, COLOURS.get(s % COLOURS.size()), x + 14, y,
                    esc(series.get(s))));
            x += 24 + 7 * series.get(s).length();
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    /** Maps values to [0, 1] along the value axis. */
    private record Axis(double low, double high, boolean log) {
        static Axis linear(double top) {
            double step = niceStep(top / 5);
            return new Axis(0, Math.ceil(top / step) * step, false);
        }

        static Axis log(double bottom, double top) {
            return new Axis(Math.pow(10, Math.floor(Math.log10(bottom))), Math.pow(10, Math.ceil(Math.log10(top))),
                    true);
        }

        double position(double value) {
            if (log) {
                double v = Math.max(value, low);
                return (Math.log10(v) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
            }
            return value / high;
        }

        List<Double> ticks() {
            List<Double> ticks = new java.util.ArrayList<>();
            if (log) {
                for (double t = low; t <= high * 1.0001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                double step = niceStep(high / 5);
                for (double t = 0; t <= high * 1.0001; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double r = raw / magnitude;
            return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
        }
    }
}
