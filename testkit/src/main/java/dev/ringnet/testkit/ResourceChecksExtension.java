package dev.ringnet.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class of the modules that depend on the testkit (JUnit's extension autodetection,
 * turned on in their surefire and failsafe configuration, finds it in {@code META-INF/services}):
 * <ul>
 *   <li>after each test, a Netty leak report made meanwhile fails the test;</li>
 *   <li>after each class, a GC flushes leaks still unreported (failing the class), then the open fds, live threads
 *       and NMT "Other" native memory must come back to within {@link #SLACK} of what they were before the class,
 *       waiting up to {@link #SETTLE_MILLIS} for event loops that shut down asynchronously. A class that used a
 *       {@link SharedFixtures shared fixture} is exempt from this part.</li>
 * </ul>
 * Subclasses of Netty's transport testsuite are exempt from the resource part ({@link #isNettyTestsuite}).
 * {@code -Dringnet.testkit.resourceChecks=false} turns the second part off (leaks are always checked).
 */
public final class ResourceChecksExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** Growth tolerated per class: a few fds and threads of the JDK's own caches, 32 MiB of pooled buffers. */
    static final ProcessResources SLACK = new ProcessResources(4, 3, 32 * 1024);
    static final long SETTLE_MILLIS = 10_000;
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(ResourceChecksExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!resourceChecksOn() || isNettyTestsuite(context.getRequiredTestClass())) {
            return;
        }
        context.getStore(NS).put("base", ProcessResources.measure());
        context.getStore(NS).put("fixtures", SharedFixtures.count());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnLeaks(LeakReports.drain(), "during " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        failOnLeaks(LeakReports.collect(), "in " + context.getDisplayName() + " (found after the class, by a GC)");
        ProcessResources base = context.getStore(NS).get("base", ProcessResources.class);
        Integer fixtures = context.getStore(NS).get("fixtures", Integer.class);
        if (base == null || fixtures == null || fixtures != SharedFixtures.count()) {
            return;
        }
        String growth = awaitBaseline(base, SETTLE_MILLIS);
        if (!growth.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left resources behind: " + growth);
        }
    }

    /**
     * Waits until the process is back within {@link #SLACK} of {@code base}, up to {@code millis}; returns what grew
     * beyond it then, or "" once it is back.
     */
    static String awaitBaseline(ProcessResources base, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            String growth = ProcessResources.measure().growthBeyond(base, SLACK);
            if (growth.isEmpty() || System.nanoTime() > deadline) {
                return growth;
            }
            System.gc(); // unreachable sockets and buffers hold fds and memory until collected
            Thread.sleep(100);
        }
    }

    /** Throws naming every leak in {@code reports}; does nothing for none. */
    static void failOnLeaks(List<String> reports, String where) {
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " Netty resource leak(s) " + where + ":\n"
                    + String.join("\n", reports));
        }
    }

    /**
     * Netty's transport testsuite keeps its event loop groups (and their fds and threads) in statics for the whole
     * JVM, so its classes are checked for leaks only.
     */
    static boolean isNettyTestsuite(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith("io.netty.testsuite.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean resourceChecksOn() {
        return !"false".equals(System.getProperty("ringnet.testkit.resourceChecks"));
    }
}
