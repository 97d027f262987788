package dev.ringnet.bench;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The live progress line on stderr: scenario, connections, transport, run i/n, elapsed and estimated remaining
 * time. On a terminal the line is rewritten in place; otherwise (CI logs) each update is its own line.
 *
 * <p>The estimate is the mean time of the runs done so far times the runs left, or the planned time per run
 * before the first one ends. Called from the bench's main thread only.
 */
public final class Progress {
    private final PrintStream err;
    private final boolean terminal;
    private final int totalRuns;
    private final long plannedNanosPerRun;
    private final long startNanos = System.nanoTime();
    private int doneRuns;
    private int lastLength;

    /** A progress line over {@code totalRuns} runs of about {@code plannedPerRun} each. */
    public Progress(PrintStream err, boolean terminal, int totalRuns, Duration plannedPerRun) {
        this.err = err;
        this.terminal = terminal;
        this.totalRuns = totalRuns;
        this.plannedNanosPerRun = plannedPerRun.toNanos();
    }

    /** Shows that run {@code run} of {@code runs} of {@code transport} on {@code scenario} starts. */
    public void starting(String scenario, int connections, String transport, int run, int runs) {
        long elapsed = System.nanoTime() - startNanos;
        long perRun = doneRuns == 0 ? plannedNanosPerRun : elapsed / doneRuns;
        long remaining = perRun * Math.max(0, totalRuns - doneRuns);
        String line = String.format("bench %d/%d  %s c=%d  %s  run %d/%d  elapsed %s  remaining ~%s",
                doneRuns + 1, totalRuns, scenario, connections, transport, run, runs, clock(elapsed),
                clock(remaining));
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Counts one run as done (measured or failed). */
    public void done() {
        doneRuns++;
    }

    /** Prints a message on its own line without breaking the progress line. */
    public void message(String text) {
        if (terminal && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        err.println(text);
        err.flush();
    }

    /** Ends the progress line. */
    public void finish() {
        message("bench: " + doneRuns + " runs in " + clock(System.nanoTime() - startNanos));
    }

    static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
