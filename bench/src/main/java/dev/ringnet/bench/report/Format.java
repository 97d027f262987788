package dev.ringnet.bench.report;

import java.util.Locale;

/** Number formatting shared by the reports: three significant digits, no exponent. */
final class Format {
    private Format() {
    }

    /** {@code value} with about three significant digits. */
    static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == 0) {
            return "0";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** "median (min-max)" of a stat, or "-" when absent. */
    static String stat(Cell.Stat s) {
        if (s == null) {
            return "-";
        }
        if (s.n() == 1) {
            return num(s.median());
        }
        return num(s.median()) + " (" + num(s.min()) + "–" + num(s.max()) + ")";
    }

    /** A ratio like "1.23x". */
    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2fx", r) : "-";
    }
}
