package dev.ringnet.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import org.junit.jupiter.api.Test;

/** Availability detection: real on this kernel, and each failure path forced. */
class IoUringSupportTest {

    @Test
    void availableOnThisMachine() {
        assertNull(IoUringSupport.unavailabilityCause(), "io_uring works here (Linux 6.x, not blocked)");
        assertTrue(IoUringSupport.isAvailable());
        IoUringSupport.ensureAvailability();
        assertTrue((IoUringSupport.features() & IoUringConstants.IORING_FEAT_EXT_ARG) != 0);
        assertTrue(IoUringSupport.isOpSupported(IoUringConstants.IORING_OP_SPLICE));
        assertTrue(IoUringSupport.isSetupFlagSupported(IoUringConstants.IORING_SETUP_DEFER_TASKRUN));
        assertTrue(!IoUringSupport.isSetupFlagSupported(1 << 30), "an unknown setup flag is refused");
    }

    @Test
    void simulatedSeccompDenialExplainsItself() {
        IoUringSupport.Detection d = IoUringSupport.detect("EPERM");
        ErrnoException cause = assertInstanceOf(ErrnoException.class, d.cause());
        assertEquals(Errno.EPERM, cause.errno());
        assertTrue(cause.getMessage().contains("seccomp"), cause.getMessage());
        assertTrue(cause.getMessage().contains("io_uring_disabled"), cause.getMessage());
    }

    @Test
    void simulatedMissingSyscallAndMemlockExplainThemselves() {
        assertTrue(IoUringSupport.detect("ENOSYS").cause().getMessage().contains("no io_uring"));
        String memlock = IoUringSupport.detect("ENOMEM").cause().getMessage();
        assertTrue(memlock.contains("RLIMIT_MEMLOCK") && memlock.contains("ulimit -l"), memlock);
    }

    @Test
    void unknownSimulatedErrnoIsACauseNotACrash() {
        Throwable cause = IoUringSupport.detect("EBOGUS").cause();
        assertInstanceOf(IllegalArgumentException.class, cause);
        assertTrue(cause.getMessage().contains("EBOGUS"));
    }

    @Test
    void kernelWithoutExtArgIsRefusedWithTheMissingFeatureNamed() throws Exception {
        try (Ring ring = Ring.open(RingOptions.of(2))) {
            int features = ring.features() & ~IoUringConstants.IORING_FEAT_EXT_ARG;
            Throwable cause = IoUringSupport.checkKernel(features, ring.probe()).cause();
            assertTrue(cause.getMessage().contains("IORING_FEAT_EXT_ARG"), cause.getMessage());
        }
    }

    @Test
    void realSetupFailureIsExplained() {
        // 0 entries is EINVAL from the real kernel: the message must name the call and errno.
        ErrnoException e = assertThrows(ErrnoException.class, () -> Ring.open(RingOptions.of(0)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("io_uring_setup(entries=0): EINVAL"), e.getMessage());
    }
}
