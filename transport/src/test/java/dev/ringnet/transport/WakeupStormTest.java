package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads waking one loop at once, in bursts with pauses so the loop keeps going back to sleep: the race is a
 * waker seeing the loop awake just as it decides to sleep (a lost wakeup strands a task until the next I/O), or a
 * waker writing the eventfd while the loop closes it. Every task must run, promptly, and scheduled tasks too.
 */
class WakeupStormTest {
    private static final int THREADS = 16;
    private static final int TASKS_PER_THREAD = 20_000;

    @ParameterizedTest
    @EnumSource(UringIoHandlerConfig.FeatureSet.class)
    void everyTaskRunsUnderAWakeupStorm(UringIoHandlerConfig.FeatureSet features) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                UringIoHandler.newFactory(UringIoHandlerConfig.defaults().withFeatures(features)));
        try {
            EventLoop loop = group.next();
            AtomicLong ran = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> wakers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread waker = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < TASKS_PER_THREAD; i++) {
                            loop.execute(ran::incrementAndGet);
                            if (i % 1000 == 999) {
                                Thread.sleep(0, ThreadLocalRandom.current().nextInt(200_000)); // let it sleep
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                waker.start();
                wakers.add(waker);
            }
            start.countDown();
            for (Thread waker : wakers) {
                waker.join(TimeUnit.SECONDS.toMillis(30));
            }
            long expected = (long) THREADS * TASKS_PER_THREAD;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ran.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(expected, ran.get(), "tasks stranded in the queue: a wakeup was lost");

            // One task at a time into an idle loop: each must wake it, not wait for the next I/O or timer.
            for (int i = 0; i < 200; i++) {
                Thread.sleep(0, ThreadLocalRandom.current().nextInt(500_000));
                assertTrue(loop.submit(() -> { }).await(5, TimeUnit.SECONDS), "an idle loop missed a wakeup");
            }
            CountDownLatch scheduled = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                loop.schedule(scheduled::countDown, i % 10, TimeUnit.MILLISECONDS);
            }
            assertTrue(scheduled.await(5, TimeUnit.SECONDS), "scheduled tasks did not run");
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
