package dev.ringnet.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixtures meant to outlive a test class (servers shared by a whole test JVM) say so here when they start, so that
 * the resource check of the class that happened to start one does not count the fixture's fds and threads as a leak.
 * Any thread.
 */
public final class SharedFixtures {
    private static final AtomicInteger STARTED = new AtomicInteger();

    private SharedFixtures() {
    }

    /** Call after starting a fixture that lives until the JVM exits. */
    public static void started() {
        STARTED.incrementAndGet();
    }

    /** How many shared fixtures have been started so far. */
    public static int count() {
        return STARTED.get();
    }
}
