package dev.ringnet.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ResourceLeakDetector} that, besides logging, keeps every leak it reports in {@link LeakReports} so that a
 * test can fail on it. Netty makes one per tracked type when {@code -Dio.netty.customResourceLeakDetector} names this
 * class (the test modules' surefire and failsafe configuration does).
 *
 * <p>Netty reports a leak only when a later {@code track} call on the same detector polls its reference queue;
 * {@link #flushAll()} makes that call on every detector, so a leak collected by the GC shows up at once.
 *
 * @param <T> the tracked type
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final List<RecordingLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();

    private final String resourceName;

    /** Called by Netty's {@code ResourceLeakDetectorFactory} through reflection. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        this.resourceName = resourceType.getSimpleName();
        DETECTORS.add(this);
    }

    /** Called by Netty's {@code ResourceLeakDetectorFactory} through reflection (the older signature). */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** How many detectors Netty has made so far (zero means the system property did not take). Any thread. */
    public static int instances() {
        return DETECTORS.size();
    }

    /**
     * Makes every detector poll its reference queue, reporting the leaks whose objects the GC has collected. Any
     * thread; call after a GC.
     */
    @SuppressWarnings("unchecked")
    public static void flushAll() {
        for (RecordingLeakDetector<?> detector : DETECTORS) {
            // track() polls the queue first (reportLeak); the probe itself is released at once, so it never leaks.
            Object probe = new Object();
            ResourceLeakTracker<Object> tracker = ((ResourceLeakDetector<Object>) detector).track(probe);
            if (tracker != null) {
                tracker.close(probe);
            }
        }
    }

    @Override
    protected boolean needReport() {
        return true; // report even when Netty's logger has ERROR off: the test must still see it
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LeakReports.add("LEAK: " + resourceName + " (" + resourceType + ") was not released:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LeakReports.add("LEAK: " + resourceName + " (" + resourceType + ") was not released (no access records)");
        super.reportUntracedLeak(resourceType);
    }
}
