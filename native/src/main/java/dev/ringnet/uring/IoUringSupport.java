package dev.ringnet.uring;

import static dev.ringnet.uring.IoUringConstants.*;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether io_uring can be used here, why not when it cannot, and what the kernel offers when it can.
 *
 * <p>Detection runs once, on first use, by creating and probing a tiny ring; it never throws. Every failure mode is
 * reported separately with what a user can do about it: no io_uring in the kernel (ENOSYS), denied by seccomp or
 * {@code kernel.io_uring_disabled} (EPERM), too little locked memory (ENOMEM), a kernel too old for what Ringnet
 * needs, native access disabled in the JVM, or not Linux at all.
 *
 * <p>For tests of those paths, the system property {@value #SIMULATE_PROPERTY} set to an errno name (for example
 * {@code EPERM}) makes detection behave as if {@code io_uring_setup} had failed with it. All methods are
 * thread-safe.
 */
public final class IoUringSupport {
    /** System property naming an errno that detection pretends {@code io_uring_setup} returned. */
    public static final String SIMULATE_PROPERTY = "ringnet.io_uring.simulateErrno";

    /** Kernel features Ringnet relies on, with the kernel that introduced each. */
    private static final int[] REQUIRED_FEATURES = {IORING_FEAT_NODROP, IORING_FEAT_EXT_ARG, IORING_FEAT_FAST_POLL};
    private static final String[] REQUIRED_FEATURE_NAMES = {
        "IORING_FEAT_NODROP (Linux 5.5)", "IORING_FEAT_EXT_ARG (Linux 5.11)", "IORING_FEAT_FAST_POLL (Linux 5.7)"};
    /** Opcodes Ringnet relies on. SHUTDOWN (5.11) is the newest. */
    private static final int[] REQUIRED_OPS = {IORING_OP_NOP, IORING_OP_ACCEPT, IORING_OP_CONNECT, IORING_OP_RECV,
        IORING_OP_SEND, IORING_OP_SENDMSG, IORING_OP_WRITEV, IORING_OP_READ, IORING_OP_CLOSE, IORING_OP_TIMEOUT,
        IORING_OP_ASYNC_CANCEL, IORING_OP_POLL_ADD, IORING_OP_SPLICE, IORING_OP_SHUTDOWN};

    private static volatile Detection detection;

    private IoUringSupport() {
    }

    /** What detection found: either a cause of unavailability, or the kernel's features and opcodes. */
    record Detection(Throwable cause, int features, Probe probe) {
    }

    /** Whether Ringnet can run io_uring on this host and JVM. */
    public static boolean isAvailable() {
        return detection().cause() == null;
    }

    /** Why io_uring cannot be used, in words a user can act on, or null if it can. */
    public static Throwable unavailabilityCause() {
        return detection().cause();
    }

    /** Throws an {@link UnsupportedOperationException} carrying the cause if io_uring cannot be used. */
    public static void ensureAvailability() {
        Throwable cause = detection().cause();
        if (cause != null) {
            throw new UnsupportedOperationException(cause.getMessage(), cause);
        }
    }

    /** The {@code IORING_FEAT_*} bits this kernel reports (0 when unavailable). */
    public static int features() {
        return detection().features();
    }

    /** Whether the kernel supports opcode {@code op} (false when unavailable). */
    public static boolean isOpSupported(int op) {
        Probe probe = detection().probe();
        return probe != null && probe.isSupported(op);
    }

    /**
     * Whether a ring can be created with {@code IORING_SETUP_*} {@code flag} (tried once per call with a tiny ring;
     * meant for startup, not hot paths). {@code DEFER_TASKRUN} is tried together with {@code SINGLE_ISSUER}, which it
     * requires.
     */
    public static boolean isSetupFlagSupported(int flag) {
        if (!isAvailable()) {
            return false;
        }
        int flags = flag == IORING_SETUP_DEFER_TASKRUN ? flag | IORING_SETUP_SINGLE_ISSUER : flag;
        try (Ring ring = Ring.open(RingOptions.of(2).withFlags(flags))) {
            return (ring.setupFlags() & flag) == flag;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /**
     * What {@code errno} from {@code io_uring_setup} means to a user and what to do about it, in one line.
     */
    public static String explain(int errno) {
        return switch (errno) {
            case Errno.ENOSYS -> "io_uring_setup: ENOSYS: this kernel has no io_uring (it needs Linux 5.1+ built with"
                    + " CONFIG_IO_URING; sandboxes such as gVisor hide it)";
            case Errno.EPERM -> "io_uring_setup: EPERM: io_uring is blocked, most likely by a seccomp profile (the"
                    + " default of Docker 25+ and containerd; allow io_uring_setup, io_uring_enter and"
                    + " io_uring_register) or by sysctl kernel.io_uring_disabled";
            case Errno.ENOMEM -> "io_uring_setup: ENOMEM: not enough locked memory for the ring; raise RLIMIT_MEMLOCK"
                    + " (ulimit -l, or docker run --ulimit memlock=-1) or use smaller rings";
            case Errno.EINVAL -> "io_uring_setup: EINVAL: this kernel rejects the ring parameters (an old kernel,"
                    + " or a setup flag it does not know)";
            case Errno.EMFILE, Errno.ENFILE -> "io_uring_setup: " + Errno.name(errno)
                    + ": no file descriptor left for the ring; raise the open-files limit (ulimit -n)";
            default -> "io_uring_setup: " + Errno.describe(errno);
        };
    }

    static Detection detection() {
        Detection d = detection;
        if (d == null) {
            synchronized (IoUringSupport.class) {
                d = detection;
                if (d == null) {
                    d = detect(System.getProperty(SIMULATE_PROPERTY));
                    detection = d;
                }
            }
        }
        return d;
    }

    /** Runs detection; {@code simulatedErrno} (an errno name or null) replaces the real setup result. */
    static Detection detect(String simulatedErrno) {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return unavailable(new UnsupportedOperationException("io_uring needs Linux; this is " + os));
        }
        if (simulatedErrno != null && !simulatedErrno.isBlank()) {
            int errno = errnoByName(simulatedErrno.trim());
            if (errno < 0) {
                return unavailable(new IllegalArgumentException(
                        "-D" + SIMULATE_PROPERTY + " must name an errno such as EPERM, not " + simulatedErrno));
            }
            return unavailable(new ErrnoException(explain(errno) + " [simulated by -D" + SIMULATE_PROPERTY + "]",
                    errno));
        }
        try (Ring ring = Ring.open(RingOptions.of(2))) {
            return checkKernel(ring.features(), ring.probe());
        } catch (ErrnoException e) {
            return unavailable(new ErrnoException(explain(e.errno()), e.errno()));
        } catch (IllegalCallerException e) {
            return unavailable(new UnsupportedOperationException("native access is disabled for this code; start java"
                    + " with --enable-native-access=ALL-UNNAMED", e));
        } catch (LinkageError | RuntimeException e) {
            return unavailable(new UnsupportedOperationException("io_uring could not be reached through FFM: " + e, e));
        }
    }

    /** Checks that the kernel has every feature and opcode Ringnet needs. */
    static Detection checkKernel(int features, Probe probe) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < REQUIRED_FEATURES.length; i++) {
            if ((features & REQUIRED_FEATURES[i]) == 0) {
                missing.add(REQUIRED_FEATURE_NAMES[i]);
            }
        }
        for (int op : REQUIRED_OPS) {
            if (!probe.isSupported(op)) {
                missing.add("opcode " + op);
            }
        }
        if (!missing.isEmpty()) {
            return unavailable(new UnsupportedOperationException("this kernel's io_uring is too old for Ringnet"
                    + " (Linux 5.11+ needed); missing: " + String.join(", ", missing)));
        }
        return new Detection(null, features, probe);
    }

    private static Detection unavailable(Throwable cause) {
        return new Detection(cause, 0, null);
    }

    private static int errnoByName(String name) {
        for (int errno = 1; errno < 200; errno++) {
            if (Errno.name(errno).equalsIgnoreCase(name)) {
                return errno;
            }
        }
        return -1;
    }
}
