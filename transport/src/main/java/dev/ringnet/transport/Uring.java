package dev.ringnet.transport;

import static dev.ringnet.uring.IoUringConstants.IORING_OP_SENDMSG_ZC;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SEND_ZC;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SOCKET;
import static dev.ringnet.uring.IoUringConstants.IORING_OP_SPLICE;
import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_DEFER_TASKRUN;
import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_R_DISABLED;
import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_SQPOLL;
import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_SINGLE_ISSUER;
import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_SUBMIT_ALL;
import static dev.ringnet.uring.IoUringConstants.IORING_SETUP_TASKRUN_FLAG;

import dev.ringnet.transport.UringIoHandlerConfig.FeatureSet;
import dev.ringnet.uring.IoUringSupport;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this transport can run here, why not when it cannot, and which optional kernel features it uses.
 * Detection runs once and never throws. Thread-safe.
 */
public final class Uring {
    private Uring() {
    }

    /** Whether the transport can be used on this host and JVM. */
    public static boolean isAvailable() {
        return IoUringSupport.isAvailable();
    }

    /** Why the transport cannot be used (a message a user can act on), or null if it can. */
    public static Throwable unavailabilityCause() {
        return IoUringSupport.unavailabilityCause();
    }

    /** Throws {@link UnsupportedOperationException} with the cause if the transport cannot be used. */
    public static void ensureAvailability() {
        IoUringSupport.ensureAvailability();
    }

    /**
     * The zero-copy counters of every event loop in this JVM: SPLICE completions, FileRegion bytes spliced and copied,
     * {@code spliceTo} bytes, SEND_ZC sends and notifications. Proof of which path the bytes took (a server's
     * {@code --zero-copy} switch, a benchmark). Any thread; the sums are not an atomic snapshot of all counters.
     */
    public static ZeroCopyStats zeroCopyStats() {
        return ZeroCopyCounters.snapshot();
    }

    /**
     * Whether FileRegions and {@code spliceTo} may use SPLICE under {@code features}. The opcode is Linux 5.7, but it
     * is optional (FileRegions have a copy path): off under {@link FeatureSet#MINIMAL} so that path is tested too.
     */
    static boolean splice(FeatureSet features) {
        return features == FeatureSet.FULL && IoUringSupport.isOpSupported(IORING_OP_SPLICE);
    }

    /** Whether the kernel has SPLICE at all: {@code spliceTo} uses it under either feature set (no copy path). */
    static boolean spliceOpSupported() {
        return IoUringSupport.isOpSupported(IORING_OP_SPLICE);
    }

    /**
     * Whether SEND_ZC and SENDMSG_ZC may be used under {@code features} (Linux 6.0 and 6.1; off under
     * {@link FeatureSet#MINIMAL}).
     */
    static boolean sendZc(FeatureSet features) {
        return features == FeatureSet.FULL && IoUringSupport.isOpSupported(IORING_OP_SEND_ZC)
                && IoUringSupport.isOpSupported(IORING_OP_SENDMSG_ZC);
    }

    /** The {@code IORING_SETUP_*} flags rings are created with under {@code config}. */
    static int setupFlags(UringIoHandlerConfig config) {
        if (config.features() != FeatureSet.FULL) {
            return IORING_SETUP_R_DISABLED;
        }
        if (config.sqPoll()) {
            // The kernel refuses DEFER_TASKRUN and TASKRUN_FLAG with SQPOLL (the poller runs the task work itself).
            return Features.FULL_SETUP_FLAGS & ~(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG)
                    | IORING_SETUP_SQPOLL;
        }
        return Features.FULL_SETUP_FLAGS;
    }

    /** Multishot accept (Linux 5.19, released with {@code IORING_OP_SOCKET}) under {@code features}. */
    static boolean multishotAccept(FeatureSet features) {
        return features == FeatureSet.FULL && IoUringSupport.isOpSupported(IORING_OP_SOCKET);
    }

    /**
     * Multishot receives into a shared buffer ring under {@code features}. Multishot RECV came in Linux 6.0 with
     * {@code IORING_OP_SEND_ZC}, the opcode the probe can see (the recv flag itself cannot be probed).
     */
    static boolean multishotRecv(FeatureSet features) {
        return features == FeatureSet.FULL && IoUringSupport.isOpSupported(IORING_OP_SEND_ZC);
    }

    /** The optional features in use under {@code features}, by name, for logs and the transports table. */
    public static List<String> featuresInUse(UringIoHandlerConfig config) {
        List<String> names = new ArrayList<>();
        if (!isAvailable()) {
            return names;
        }
        FeatureSet features = config.features();
        int flags = setupFlags(config);
        if ((flags & IORING_SETUP_SQPOLL) != 0) {
            names.add("SQPOLL");
        }
        if ((flags & IORING_SETUP_SUBMIT_ALL) != 0) {
            names.add("SUBMIT_ALL");
        }
        if ((flags & IORING_SETUP_SINGLE_ISSUER) != 0) {
            names.add("SINGLE_ISSUER");
        }
        if ((flags & IORING_SETUP_DEFER_TASKRUN) != 0) {
            names.add("DEFER_TASKRUN");
        }
        if (features == FeatureSet.FULL) {
            names.add("REGISTERED_RING_FD");
        }
        if (multishotAccept(features)) {
            names.add("MULTISHOT_ACCEPT");
        }
        if (multishotRecv(features)) {
            names.add("MULTISHOT_RECV_BUFFER_RING");
        }
        if (splice(features)) {
            names.add("SPLICE");
        }
        return names;
    }

    /** Setup flags probed once, each kept only if this kernel accepts it. */
    private static final class Features {
        static final int FULL_SETUP_FLAGS = probeFullSetupFlags();

        private static int probeFullSetupFlags() {
            int flags = IORING_SETUP_R_DISABLED;
            if (IoUringSupport.isSetupFlagSupported(IORING_SETUP_SUBMIT_ALL)) {
                flags |= IORING_SETUP_SUBMIT_ALL;
            }
            // DEFER_TASKRUN needs SINGLE_ISSUER; TASKRUN_FLAG tells us when deferred work waits, so a busy loop
            // enters the kernel only when there is something to collect.
            int deferred = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG;
            if (IoUringSupport.isSetupFlagSupported(IORING_SETUP_DEFER_TASKRUN)
                    && IoUringSupport.isSetupFlagSupported(deferred)) {
                flags |= deferred;
            } else if (IoUringSupport.isSetupFlagSupported(IORING_SETUP_SINGLE_ISSUER)) {
                flags |= IORING_SETUP_SINGLE_ISSUER;
            }
            return flags;
        }
    }
}
