package dev.ringnet.bench.report;

/**
 * An earlier results.json to compare with: a figure "moved" when the distance between the two medians is larger
 * than the spread (max - min) measured in either run, so that noise the bench itself has shown is never reported
 * as a change.
 */
public final class Baseline {
    private final Results earlier;
    private final String label;

    /** Compares with {@code earlier}, described as {@code label} (its file name) in the reports. */
    public Baseline(Results earlier, String label) {
        this.earlier = earlier;
        this.label = label;
    }

    /** Where the baseline came from. */
    public String label() {
        return label;
    }

    /**
     * How figure {@code key} of {@code cell} compares with the baseline, or null when the baseline lacks it.
     */
    public Change compare(Cell cell, String key) {
        Cell old = earlier.find(cell.scenario(), cell.connections(), cell.transport());
        if (old == null) {
            return null;
        }
        Cell.Stat before = old.stat(key);
        Cell.Stat now = cell.stat(key);
        if (before == null || now == null) {
            return null;
        }
        double spread = Math.max(before.max() - before.min(), now.max() - now.min());
        boolean moved = Math.abs(now.median() - before.median()) > spread;
        return new Change(before.median(), now.median(), moved, Figure.of(key).higherBetter());
    }

    /**
     * One figure against the baseline.
     *
     * @param before       the baseline's median
     * @param now          this run's median
     * @param moved        whether the change exceeds the spread of both runs
     * @param higherBetter whether an increase is an improvement
     */
    public record Change(double before, double now, boolean moved, boolean higherBetter) {
        /** Relative change, now against before ({@code +0.12} is 12 % more). */
        public double relative() {
            return before == 0 ? 0 : (now - before) / Math.abs(before);
        }

        /** Whether it moved in the good direction. */
        public boolean better() {
            return moved && (now > before) == higherBetter;
        }

        /** A short mark for tables: empty when within the spread, else the direction and the change. */
        public String mark() {
            if (!moved) {
                return "";
            }
            return (better() ? "better " : "worse ") + String.format("%+.0f%%", relative() * 100);
        }
    }
}
