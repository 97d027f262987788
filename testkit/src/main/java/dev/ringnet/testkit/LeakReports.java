package dev.ringnet.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The leaks {@link RecordingLeakDetector} reported and no check has claimed yet. Any thread. */
public final class LeakReports {
    private static final ConcurrentLinkedQueue<String> PENDING = new ConcurrentLinkedQueue<>();

    private LeakReports() {
    }

    static void add(String report) {
        PENDING.add(report);
    }

    /** Takes the reports made so far, oldest first; each is handed out once. */
    public static List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String r; (r = PENDING.poll()) != null; ) {
            out.add(r);
        }
        return out;
    }

    /**
     * Runs the GC so that unreachable, unreleased resources are enqueued, has every detector report them, and takes
     * every report: what a leak check calls at the end of a test class. Blocks for about 100 ms per round.
     */
    public static List<String> collect() throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            System.gc();
            Thread.sleep(50); // reference processing is concurrent with some collectors: give the queue a moment
            RecordingLeakDetector.flushAll();
        }
        return drain();
    }
}
