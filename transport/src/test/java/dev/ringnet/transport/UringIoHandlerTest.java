package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_OP_NOP;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.Fd;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The event loop on a real ring: tasks, timers, wakeups from other threads, registrations, shutdown. */
class UringIoHandlerTest {

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Records what the loop hands it. */
    static final class RecordingHandle implements UringIoHandle {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch unregistered = new CountDownLatch(1);

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            UringIoEvent e = (UringIoEvent) event;
            events.add(e.opcode() + ":" + e.res() + ":" + e.data());
        }

        @Override
        public void unregistered() {
            unregistered.countDown();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void scheduledTasksFireOnTimeWhileTheLoopWaitsInTheRing() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory());
        try {
            long start = System.nanoTime();
            long fired = group.next().schedule(System::nanoTime, 100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(fired - start);
            assertTrue(elapsedMillis >= 99 && elapsedMillis < 2000, "fired after " + elapsedMillis + " ms");
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void wakeupStormFromManyThreadsRunsEveryTask() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory());
        try {
            IoEventLoop loop = (IoEventLoop) group.next();
            int threads = 8;
            int tasksEach = 20_000;
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(threads * tasksEach);
            Thread[] submitters = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                submitters[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < tasksEach; i++) {
                        loop.execute(() -> {
                            ran.incrementAndGet();
                            done.countDown();
                        });
                        if (i % 1000 == 0) {
                            Thread.yield(); // let the loop go back to sleep now and then, so wakeups really happen
                        }
                    }
                });
            }
            for (Thread t : submitters) {
                t.join();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "tasks left: " + done.getCount());
            assertEquals(threads * tasksEach, ran.get());
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void idleLoopIsWokenAtOnceByATaskFromAnotherThread() throws Exception {
        // An idle loop waits in io_uring_enter for up to Netty's 1 s purge interval; only the eventfd write of
        // wakeup() ends that wait early.
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory());
        try {
            IoEventLoop loop = (IoEventLoop) group.next();
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
            for (int trial = 0; trial < 5; trial++) {
                Thread.sleep(300);
                long start = System.nanoTime();
                loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 250, "trial " + trial + ": an idle loop took " + millis + " ms to run a task");
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void registrationGetsItsCompletionsAndLeavesOnlyWhenNothingIsInFlight() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory());
        int efd = Fd.eventfd(0, Fd.EFD_CLOEXEC);
        try (Arena arena = Arena.ofShared()) {
            IoEventLoop loop = (IoEventLoop) group.next();
            RecordingHandle handle = new RecordingHandle();
            IoRegistration wrapper = loop.register(handle).get(5, TimeUnit.SECONDS);
            UringIoRegistration registration = wrapper.attachment();
            MemorySegment buffer = arena.allocate(8);
            long readUserData = loop.submit(() -> {
                registration.submit(UringIoOps.of(IORING_OP_NOP, -1, 42));
                return registration.submit(new UringIoOps(IORING_OP_READ, efd, buffer.address(), 8, 0, 0, 0, 0, 7));
            }).get(5, TimeUnit.SECONDS);
            awaitEvents(handle, 1);
            assertEquals(List.of(IORING_OP_NOP + ":0:42"), handle.events);
            // Cancel the registration while its read is pending: it stays until the read is given back.
            loop.submit(() -> {
                wrapper.cancel();
                registration.cancelRequest(readUserData);
            }).get(5, TimeUnit.SECONDS);
            assertTrue(handle.unregistered.await(5, TimeUnit.SECONDS), "unregistered() after the read ended");
            assertEquals(IORING_OP_READ + ":" + -Errno.ECANCELED + ":7", handle.events.get(1));
            assertEquals(-1L, loop.submit(() -> registration.submit(UringIoOps.of(IORING_OP_NOP, -1, 1)))
                    .get(5, TimeUnit.SECONDS), "a cancelled registration accepts no request");
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            Fd.close(efd);
        }
    }

    @Test
    void shutdownClosesRingAndEventfd() throws Exception {
        long before = openFds();
        for (int i = 0; i < 20; i++) {
            MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, UringIoHandler.newFactory());
            for (int j = 0; j < 2; j++) {
                group.next().submit(() -> { }).get(5, TimeUnit.SECONDS); // make sure each loop started
            }
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            assertTrue(group.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(before, openFds(), "fds left after 20 groups of 2 loops shut down");
    }

    @Test
    void minimalFeatureSetRunsTheSameLoop() throws Exception {
        UringIoHandlerConfig minimal =
                UringIoHandlerConfig.defaults().withFeatures(UringIoHandlerConfig.FeatureSet.MINIMAL);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory(minimal));
        try {
            assertEquals(7, (int) group.next().schedule(() -> 7, 20, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS));
            assertTrue(Uring.featuresInUse(minimal).isEmpty());
            assertTrue(Uring.featuresInUse(minimal.withFeatures(UringIoHandlerConfig.FeatureSet.FULL))
                    .contains("DEFER_TASKRUN"));
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void awaitEvents(RecordingHandle handle, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handle.events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(count, handle.events.size(), "events: " + handle.events);
    }
}
