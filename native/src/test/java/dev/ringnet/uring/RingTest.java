package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.Fd;
import dev.ringnet.linux.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring's own mechanics on the real kernel: submission, completion, waiting, overflow. */
class RingTest {

    /** Collects CQEs; a test-only handler, allocation is fine here. */
    static final class Collected implements CompletionHandler {
        final List<long[]> cqes = new ArrayList<>();

        @Override
        public void handle(long userData, int res, int flags) {
            cqes.add(new long[] {userData, res, flags});
        }
    }

    @Test
    void nopRoundTripPreservesUserData() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(8))) {
            long[] userData = {0L, 1L, -1L, 0x8000_0000_0000_0001L, 0x0123_4567_89ab_cdefL};
            for (long u : userData) {
                long sqe = ring.sq().getSqe();
                ring.sq().prepNop(sqe);
                ring.sq().setUserData(sqe, u);
            }
            assertEquals(userData.length, ring.submitAndWait(userData.length));
            Collected got = new Collected();
            assertEquals(userData.length, ring.reap(got));
            for (int i = 0; i < userData.length; i++) {
                assertEquals(userData[i], got.cqes.get(i)[0], "user_data of CQE " + i);
                assertEquals(0, got.cqes.get(i)[1], "res of NOP " + i);
            }
            assertEquals(0, ring.cq().ready());
        }
    }

    @Test
    void getSqeReportsFullQueueThenRecoversAfterSubmit() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(4))) {
            int entries = ring.sq().entries();
            for (int i = 0; i < entries; i++) {
                ring.sq().prepNop(ring.sq().getSqe());
            }
            assertEquals(-1, ring.sq().getSqe(), "a full SQ hands out no SQE");
            assertEquals(entries, ring.submit());
            assertTrue(ring.sq().getSqe() >= 0, "slots are free again once the kernel consumed them");
        }
    }

    @Test
    void cqOverflowLosesNoCompletion() throws Exception {
        // An SQ and CQ of 4 (the kernel wants CQ >= SQ) and 64 NOPs in flight: the kernel (IORING_FEAT_NODROP)
        // parks the excess in its overflow list, and reap() must bring every one of them back, each exactly once.
        try (Ring ring = Ring.open(RingOptions.of(4).withCqEntries(4))) {
            assertTrue(ring.hasFeature(IORING_FEAT_NODROP), "kernel keeps overflowed CQEs");
            assertEquals(0, ring.cqOverflowEnters());
            int total = 64;
            int submitted = 0;
            while (submitted < total) {
                long sqe = ring.sq().getSqe();
                if (sqe < 0) {
                    ring.submit();
                    continue;
                }
                ring.sq().prepNop(sqe);
                ring.sq().setUserData(sqe, submitted++);
            }
            ring.submit();
            assertTrue(ring.cqNeedsEnter(), "the CQ overflowed, as the test intends");
            boolean[] seen = new boolean[total];
            int reaped = 0;
            for (int round = 0; round < 1000 && reaped < total; round++) {
                reaped += ring.reap((userData, res, flags) -> {
                    assertEquals(0, res);
                    assertTrue(!seen[(int) userData], "CQE " + userData + " delivered twice");
                    seen[(int) userData] = true;
                });
            }
            assertEquals(total, reaped);
            assertEquals(0, ring.cq().overflow(), "no CQE dropped");
            assertTrue(ring.cqOverflowEnters() > 0, "the overflow was counted");
        }
    }

    @Test
    void waitWithTimeoutReturnsWhenNothingCompletes() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(4))) {
            long start = System.nanoTime();
            assertEquals(0, ring.submitAndWait(1, 50_000_000L));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= 40_000_000L, "returned after " + waited + " ns, before the 50 ms timeout");
            assertEquals(0, ring.cq().ready());
        }
    }

    @Test
    void timeoutOpCompletesWithEtime() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(4)); Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
            ts.set(ValueLayout.JAVA_LONG, KernelTimespec.TV_NSEC, 20_000_000L);
            long sqe = ring.sq().getSqe();
            ring.sq().prepTimeout(sqe, ts, 0, 0);
            ring.sq().setUserData(sqe, 7);
            long start = System.nanoTime();
            ring.submitAndWait(1);
            assertTrue(System.nanoTime() - start >= 15_000_000L, "timeout fired early");
            Collected got = new Collected();
            ring.reap(got);
            assertEquals(1, got.cqes.size());
            assertEquals(7L, got.cqes.get(0)[0]);
            assertEquals(-Errno.ETIME, got.cqes.get(0)[1]);
        }
    }

    @Test
    void cancelOfPendingReadCompletesBoth() throws Exception {
        // A read on an eventfd nobody writes stays pending until cancelled.
        int efd = Fd.eventfd(0, Fd.EFD_CLOEXEC);
        try (Ring ring = Ring.open(RingOptions.of(4)); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            long read = ring.sq().getSqe();
            ring.sq().prepRead(read, efd, buf.address(), 8, 0);
            ring.sq().setUserData(read, 1);
            ring.submit();
            long cancel = ring.sq().getSqe();
            ring.sq().prepCancel(cancel, 1, 0);
            ring.sq().setUserData(cancel, 2);
            ring.submitAndWait(2);
            Collected got = new Collected();
            ring.reap(got);
            assertEquals(2, got.cqes.size());
            for (long[] cqe : got.cqes) {
                if (cqe[0] == 1) {
                    assertEquals(-Errno.ECANCELED, cqe[1], "the read ends cancelled");
                } else {
                    assertEquals(2L, cqe[0]);
                    assertEquals(0, cqe[1], "the cancel found its target");
                }
            }
        } finally {
            Fd.close(efd);
        }
    }

    @Test
    void eventfdReadCompletesWhenAnotherThreadWrites() throws Exception {
        int efd = Fd.eventfd(0, Fd.EFD_CLOEXEC);
        try (Ring ring = Ring.open(RingOptions.of(4)); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            long sqe = ring.sq().getSqe();
            ring.sq().prepRead(sqe, efd, buf.address(), 8, 0);
            ring.sq().setUserData(sqe, 3);
            ring.submit();
            Thread writer = Thread.ofPlatform().start(() -> {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment one = a.allocate(8);
                    one.set(ValueLayout.JAVA_LONG, 0, 5L);
                    Fd.write(efd, one);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ring.submitAndWait(1, 5_000_000_000L);
            writer.join();
            Collected got = new Collected();
            ring.reap(got);
            assertEquals(1, got.cqes.size());
            assertEquals(8, got.cqes.get(0)[1], "eventfd reads 8 bytes");
            assertEquals(5L, buf.get(ValueLayout.JAVA_LONG, 0));
        } finally {
            Fd.close(efd);
        }
    }

    @Test
    void probeReportsOpsThisKernelHas() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(2))) {
            Probe probe = ring.probe();
            for (int op : new int[] {IORING_OP_NOP, IORING_OP_ACCEPT, IORING_OP_RECV, IORING_OP_SEND_ZC,
                IORING_OP_SPLICE, IORING_OP_SHUTDOWN}) {
                assertTrue(probe.isSupported(op), "opcode " + op + " on a 6.x kernel");
            }
            assertTrue(probe.lastOp() >= IORING_OP_SEND_ZC);
            assertTrue(!probe.isSupported(255), "opcode 255 does not exist");
        }
    }

    @Test
    void submitAndCollectPostsDeferredCompletionsWithoutWaiting() throws Exception {
        // Under DEFER_TASKRUN (without TASKRUN_FLAG, so no flag tells submit() to collect) a read that an eventfd
        // write completes stays kernel task work until an enter with GETEVENTS: submitAndCollect must bring it along
        // with the NOP it submits, in one call that does not wait.
        int efd = Fd.eventfd(0, Fd.EFD_CLOEXEC);
        int flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
        try (Ring ring = Ring.open(RingOptions.of(4).withFlags(flags)); Arena arena = Arena.ofConfined()) {
            assertEquals(0, ring.submitAndCollect(), "nothing to submit, nothing held back");
            MemorySegment buf = arena.allocate(8);
            long read = ring.sq().getSqe();
            ring.sq().prepRead(read, efd, buf.address(), 8, 0);
            ring.sq().setUserData(read, 1);
            ring.submit();
            MemorySegment one = arena.allocate(8);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            Fd.write(efd, one);
            assertEquals(0, ring.cq().ready(), "the read's completion is deferred until an enter collects it");
            long nop = ring.sq().getSqe();
            ring.sq().prepNop(nop);
            ring.sq().setUserData(nop, 2);
            assertEquals(1, ring.submitAndCollect());
            Collected got = new Collected();
            assertEquals(2, ring.cq().forEach(got), "the NOP and the deferred read, from one call");
            assertEquals(List.of(1L, 2L), got.cqes.stream().map(c -> c[0]).sorted().toList());
        } finally {
            Fd.close(efd);
        }
    }

    @Test
    void registeredRingFdAndSetupFlagsWork() throws Exception {
        int flags = IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN
                | IORING_SETUP_CLAMP;
        try (Ring ring = Ring.open(RingOptions.of(1 << 20).withCqEntries(1 << 22).withFlags(flags))) {
            assertEquals(flags | IORING_SETUP_CQSIZE, ring.setupFlags());
            assertTrue(ring.sq().entries() <= 32768, "CLAMP caps the SQ");
            assertTrue(ring.registerRingFd());
            assertTrue(ring.isRingFdRegistered());
            long sqe = ring.sq().getSqe();
            ring.sq().prepNop(sqe);
            ring.sq().setUserData(sqe, 9);
            // Under DEFER_TASKRUN completions are posted only while we wait in io_uring_enter.
            ring.submitAndWait(1);
            Collected got = new Collected();
            assertEquals(1, ring.reap(got));
            assertEquals(9L, got.cqes.get(0)[0]);
        }
    }

    @Test
    void sqPollRingCompletesWithoutEntersForSubmission() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(8).withSqPoll(100))) {
            assertTrue((ring.setupFlags() & IORING_SETUP_SQPOLL) != 0);
            for (int i = 0; i < 100; i++) {
                long sqe = ring.sq().getSqe();
                ring.sq().prepNop(sqe);
                ring.sq().setUserData(sqe, i);
                ring.submitAndWait(1, 5_000_000_000L);
                Collected got = new Collected();
                ring.reap(got);
                assertEquals(1, got.cqes.size(), "round " + i);
                assertEquals(i, got.cqes.get(0)[0]);
            }
        }
    }

    @Test
    void sqPollFullQueueWaitsForThePollerInsteadOfFailing() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(4).withCqEntries(64).withSqPoll(50))) {
            int queued = 0;
            for (int round = 0; round < 10; round++) {
                long sqe;
                while ((sqe = ring.sq().getSqe()) >= 0) {
                    ring.sq().prepNop(sqe);
                    ring.sq().setUserData(sqe, queued++);
                }
                ring.submit(); // publishes the full queue (and wakes the poller if it sleeps)
                ring.awaitSqSpace();
                assertTrue(ring.sq().remaining() > 0, "round " + round + ": no free slot after awaitSqSpace");
            }
            assertEquals(40, queued);
            Collected got = new Collected();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (got.cqes.size() < queued && System.nanoTime() < deadline) {
                ring.submitAndWait(1, 100_000_000L);
                ring.reap(got);
            }
            assertEquals(queued, got.cqes.size(), "every NOP the poller took completed");
        }
    }
}
