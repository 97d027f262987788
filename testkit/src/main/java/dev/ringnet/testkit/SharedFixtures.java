package dev.ringnet.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixtures meant to outlive a test class (servers shared by a whole test JVM) say so here whenever they are started
 * or handed out, so that the resource check skips the classes that use them: such a fixture grows lazily (Netty
 * starts an event loop's thread, and its epoll or io_uring instance, at the first channel it gets), so its fds and
 * threads would otherwise be counted against whichever class first reached each loop. Those classes are still
 * checked for leaks. Any thread.
 */
public final class SharedFixtures {
    private static final AtomicInteger STARTED = new AtomicInteger();

    private SharedFixtures() {
    }

    /** Call when starting or handing out a fixture that lives until the JVM exits. */
    public static void used() {
        STARTED.incrementAndGet();
    }

    /** How many times shared fixtures have been started or handed out so far. */
    public static int count() {
        return STARTED.get();
    }
}
