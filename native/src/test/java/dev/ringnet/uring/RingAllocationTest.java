package dev.ringnet.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing: once compiled, a million NOPs prepared, submitted and reaped in batches of 32 do
 * not move the thread's allocated-bytes counter at all.
 */
class RingAllocationTest {

    /** A handler as an event loop would hold it: a long-lived object, no capturing lambda per call. */
    static final class Counter implements CompletionHandler {
        long count;
        long sum;

        @Override
        public void handle(long userData, int res, int flags) {
            count++;
            sum += userData + res;
        }
    }

    static void nopBatches(Ring ring, Counter counter, int batches, int batch) throws Exception {
        SubmissionQueue sq = ring.sq();
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < batch; i++) {
                long sqe = sq.getSqe();
                sq.prepNop(sqe);
                sq.setUserData(sqe, i);
            }
            ring.submitAndWait(batch);
            ring.reap(counter);
        }
    }

    @Test
    void millionNopsAllocateNothing() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        int batch = 32;
        int batches = 1_000_000 / batch;
        // Until the JIT has compiled the path, interpreted and C1 code allocates; so measure consecutive windows of
        // a million NOPs and require one that allocates nothing. An allocation per operation (or per batch) makes
        // every window allocate, and fails the test.
        List<Long> windows = new ArrayList<>();
        try (Ring ring = Ring.open(RingOptions.of(64))) {
            Counter counter = new Counter();
            for (int w = 0; w < 10 && (windows.isEmpty() || windows.getLast() != 0); w++) {
                counter.count = 0;
                long before = threads.getThreadAllocatedBytes(thread);
                nopBatches(ring, counter, batches, batch);
                windows.add(threads.getThreadAllocatedBytes(thread) - before);
                assertEquals((long) batches * batch, counter.count, "every NOP completed");
            }
        }
        assertEquals(0L, windows.getLast(), "bytes allocated per window of 1M NOPs: " + windows);
    }
}
