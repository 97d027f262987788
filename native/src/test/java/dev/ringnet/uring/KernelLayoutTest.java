package dev.ringnet.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ringnet.linux.Fd;
import dev.ringnet.linux.Iovec;
import dev.ringnet.linux.KernelTimespec;
import dev.ringnet.linux.Msghdr;
import dev.ringnet.linux.SockaddrIn;
import dev.ringnet.linux.SockaddrIn6;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every hand-written struct layout and every {@link IoUringConstants} value against the C headers installed
 * here: it writes a C program that prints {@code sizeof}, {@code offsetof} and the constants, compiles it with
 * {@code gcc}, and compares each printed value with the Java one (one dynamic test per value, named after the C
 * struct field or constant). Without gcc it fails: CI must install gcc, a layout test that skips proves nothing.
 */
class KernelLayoutTest {
    /**
     * Constants that the 6.1 {@code <linux/io_uring.h>} (Debian 12's linux-libc-dev) does not define. Their values
     * were checked by hand against the kernel's {@code include/uapi/linux/io_uring.h} (6.12 and later): the
     * {@code IORING_OP_*} by their position in {@code enum io_uring_op}, the rest by their definitions. Those that the
     * kernel defines as macros are still compared whenever the installed header has them ({@code #ifdef}); the enum
     * members among them cannot be detected by the preprocessor and are left out of the generated checks.
     */
    private static final Set<String> NEWER_THAN_6_1_HEADER = Set.of(
            "IORING_SETUP_NO_MMAP", "IORING_SETUP_REGISTERED_FD_ONLY", "IORING_SETUP_NO_SQARRAY",
            "IORING_FEAT_REG_REG_RING", "IORING_FEAT_RECVSEND_BUNDLE", "IORING_FEAT_MIN_TIMEOUT",
            "IORING_OFF_PBUF_RING", "IORING_OFF_PBUF_SHIFT",
            "IORING_OP_READ_MULTISHOT", "IORING_OP_WAITID", "IORING_OP_FUTEX_WAIT", "IORING_OP_FUTEX_WAKE",
            "IORING_OP_FUTEX_WAITV", "IORING_OP_FIXED_FD_INSTALL", "IORING_OP_FTRUNCATE", "IORING_OP_BIND",
            "IORING_OP_LISTEN",
            "IORING_CQE_F_BUF_MORE", "IORING_TIMEOUT_MULTISHOT", "IORING_RECVSEND_BUNDLE",
            "IORING_REGISTER_PBUF_STATUS", "IORING_REGISTER_NAPI", "IORING_UNREGISTER_NAPI",
            "IORING_REGISTER_CLOCK", "IORING_REGISTER_CLONE_BUFFERS", "IORING_REGISTER_USE_REGISTERED_RING",
            "IOU_PBUF_RING_MMAP", "IOU_PBUF_RING_INC");

    /** Fewer checks than this means the generator or the parser lost some: an empty run must not pass. */
    private static final int MIN_CHECKS = 300;

    private static final List<Check> CHECKS = new ArrayList<>();
    /** "Class.FIELD" of every Java constant some check covers, for {@link #everyPublicConstantIsChecked()}. */
    private static final Set<String> COVERED = new LinkedHashSet<>();

    /** Values printed by the C program, by check name. */
    private static Map<String, Long> cValues;

    /**
     * One comparison. {@code guard}, if not null, is a macro the C side tests with {@code #ifdef} before printing.
     * {@code unsigned32} accepts the C value as the Java int read unsigned ({@code 1U << 31}, {@code ~0U}).
     */
    private record Check(String name, String javaName, long javaValue, boolean unsigned32, String cExpr,
                         String guard) {
    }

    static {
        struct(IoUringParams.class, "io_uring_params")
                .field("SQ_ENTRIES", "sq_entries").field("CQ_ENTRIES", "cq_entries").field("FLAGS", "flags")
                .field("SQ_THREAD_CPU", "sq_thread_cpu").field("SQ_THREAD_IDLE", "sq_thread_idle")
                .field("FEATURES", "features").field("WQ_FD", "wq_fd").field("RESV", "resv")
                .field("SQ_OFF", "sq_off").field("CQ_OFF", "cq_off");
        struct(IoSqringOffsets.class, "io_sqring_offsets")
                .field("HEAD", "head").field("TAIL", "tail").field("RING_MASK", "ring_mask")
                .field("RING_ENTRIES", "ring_entries").field("FLAGS", "flags").field("DROPPED", "dropped")
                .field("ARRAY", "array").field("RESV1", "resv1").renamed("USER_ADDR", "user_addr", "RN_RING_USER_ADDR");
        struct(IoCqringOffsets.class, "io_cqring_offsets")
                .field("HEAD", "head").field("TAIL", "tail").field("RING_MASK", "ring_mask")
                .field("RING_ENTRIES", "ring_entries").field("OVERFLOW", "overflow").field("CQES", "cqes")
                .field("FLAGS", "flags").field("RESV1", "resv1").renamed("USER_ADDR", "user_addr", "RN_RING_USER_ADDR");
        // Each union member is checked against the one Java offset that models the union.
        struct(IoUringRsrcUpdate.class, "io_uring_rsrc_update")
                .field("OFFSET", "offset").field("RESV", "resv").field("DATA", "data");
        struct(IoUringSqe.class, "io_uring_sqe")
                .field("OPCODE", "opcode").field("FLAGS", "flags").field("IOPRIO", "ioprio").field("FD", "fd")
                .field("OFF", "off", "addr2", "cmd_op")
                .field("ADDR", "addr", "splice_off_in")
                .field("LEN", "len")
                .field("OP_FLAGS", "rw_flags", "fsync_flags", "poll_events", "poll32_events", "msg_flags",
                        "timeout_flags", "accept_flags", "cancel_flags", "splice_flags", "msg_ring_flags",
                        "uring_cmd_flags")
                .field("USER_DATA", "user_data")
                .field("BUF_INDEX", "buf_index", "buf_group")
                .field("PERSONALITY", "personality")
                .field("SPLICE_FD_IN", "splice_fd_in", "file_index", "addr_len")
                .field("ADDR3", "addr3").field("PAD2", "__pad2").field("CMD", "cmd");
        struct(IoUringCqe.class, "io_uring_cqe")
                .field("USER_DATA", "user_data").field("RES", "res").field("FLAGS", "flags")
                .field("BIG_CQE", "big_cqe");
        struct(IoUringBuf.class, "io_uring_buf")
                .field("ADDR", "addr").field("LEN", "len").field("BID", "bid").field("RESV", "resv")
                .expr("RING_TAIL", "io_uring_buf_ring.tail", "offsetof(struct io_uring_buf_ring, tail)");
        struct(IoUringBufReg.class, "io_uring_buf_reg")
                .field("RING_ADDR", "ring_addr").field("RING_ENTRIES", "ring_entries").field("BGID", "bgid")
                .renamed("FLAGS", "flags", "RN_BUF_REG_FLAGS").field("RESV", "resv");
        struct(IoUringProbe.class, "io_uring_probe")
                .field("LAST_OP", "last_op").field("OPS_LEN", "ops_len").field("RESV", "resv")
                .field("RESV2", "resv2").field("OPS", "ops");
        struct(IoUringProbeOp.class, "io_uring_probe_op")
                .field("OP", "op").field("RESV", "resv").field("FLAGS", "flags").field("RESV2", "resv2")
                .expr("IO_URING_OP_SUPPORTED", "io_uring_probe_op.IO_URING_OP_SUPPORTED", "IO_URING_OP_SUPPORTED");
        struct(IoUringGeteventsArg.class, "io_uring_getevents_arg")
                .field("SIGMASK", "sigmask").field("SIGMASK_SZ", "sigmask_sz")
                .renamed("PAD", "pad", "RN_GETEVENTS_MIN_WAIT").field("TS", "ts");
        struct(KernelTimespec.class, "__kernel_timespec").field("TV_SEC", "tv_sec").field("TV_NSEC", "tv_nsec");
        struct(Iovec.class, "iovec").field("IOV_BASE", "iov_base").field("IOV_LEN", "iov_len");
        struct(Msghdr.class, "msghdr")
                .field("MSG_NAME", "msg_name").field("MSG_NAMELEN", "msg_namelen").field("MSG_IOV", "msg_iov")
                .field("MSG_IOVLEN", "msg_iovlen").field("MSG_CONTROL", "msg_control")
                .field("MSG_CONTROLLEN", "msg_controllen").field("MSG_FLAGS", "msg_flags");
        struct(SockaddrIn.class, "sockaddr_in")
                .field("SIN_FAMILY", "sin_family").field("SIN_PORT", "sin_port").field("SIN_ADDR", "sin_addr");
        struct(SockaddrIn6.class, "sockaddr_in6")
                .field("SIN6_FAMILY", "sin6_family").field("SIN6_PORT", "sin6_port")
                .field("SIN6_FLOWINFO", "sin6_flowinfo").field("SIN6_ADDR", "sin6_addr")
                .field("SIN6_SCOPE_ID", "sin6_scope_id");
        constants();
    }

    @BeforeAll
    static void compileAndRunC(@TempDir Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("layouts.c");
        Files.writeString(source, cProgram());
        Path binary = dir.resolve("layouts");
        String compiled = run(dir, "gcc", "-std=gnu11", "-Wall", "-o", binary.toString(), source.toString());
        String output = run(dir, binary.toString());
        cValues = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" ");
            assertEquals(2, parts.length, "unparsable line from the C program: " + line);
            Long previous = cValues.put(parts[0], Long.parseLong(parts[1]));
            assertNull(previous, "printed twice: " + parts[0]);
        }
        assertTrue(compiled.isBlank(), "gcc warned:\n" + compiled);
    }

    @TestFactory
    Stream<DynamicTest> javaMatchesC() {
        // A constant newer than the installed header has nothing to compare with: it is listed in
        // NEWER_THAN_6_1_HEADER (checked by hand, see there) and left out here rather than reported as skipped.
        return CHECKS.stream()
                .filter(c -> c.guard() == null || cValues.containsKey(c.name()))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> verify(c)));
    }

    @Test
    void enoughChecksRanAndNothingWasLost() {
        assertTrue(CHECKS.size() >= MIN_CHECKS, "only " + CHECKS.size() + " checks, expected >= " + MIN_CHECKS);
        long unguarded = CHECKS.stream().filter(c -> c.guard() == null).count();
        assertTrue(unguarded >= MIN_CHECKS - NEWER_THAN_6_1_HEADER.size(), "only " + unguarded + " unguarded checks");
        Set<String> expected = new TreeSet<>();
        CHECKS.forEach(c -> expected.add(c.name()));
        Set<String> unexpected = new TreeSet<>(cValues.keySet());
        unexpected.removeAll(expected);
        assertTrue(unexpected.isEmpty(), "the C program printed values no check reads: " + unexpected);
        for (Check c : CHECKS) {
            if (c.guard() == null) {
                assertTrue(cValues.containsKey(c.name()), "the C program printed nothing for " + c.name());
            }
        }
    }

    /** A constant added to a layout class or to IoUringConstants without a check here fails this test. */
    @Test
    void everyPublicConstantIsChecked() {
        Set<String> unchecked = new TreeSet<>();
        for (Class<?> type : List.of(IoUringParams.class, IoSqringOffsets.class, IoCqringOffsets.class,
                IoUringSqe.class, IoUringCqe.class, IoUringBuf.class, IoUringBufReg.class, IoUringProbe.class,
                IoUringProbeOp.class, IoUringGeteventsArg.class, IoUringRsrcUpdate.class, IoUringConstants.class,
                KernelTimespec.class, Iovec.class, Msghdr.class, SockaddrIn.class, SockaddrIn6.class)) {
            for (Field f : publicConstants(type)) {
                String javaName = type.getSimpleName() + "." + f.getName();
                if (!f.getName().equals("LAYOUT") && !COVERED.contains(javaName)) {
                    unchecked.add(javaName);
                }
            }
        }
        assertTrue(unchecked.isEmpty(), "public constants with no check against the C headers: " + unchecked);
        Set<String> unknown = new TreeSet<>(NEWER_THAN_6_1_HEADER);
        publicConstants(IoUringConstants.class).forEach(f -> unknown.remove(f.getName()));
        assertTrue(unknown.isEmpty(), "NEWER_THAN_6_1_HEADER names no constant of IoUringConstants: " + unknown);
    }

    private static void verify(Check c) {
        Long cValue = cValues.get(c.name());
        if (cValue == null) {
            fail("the C program printed nothing for " + c.name());
        }
        boolean same = cValue == c.javaValue()
                || c.unsigned32() && cValue == Integer.toUnsignedLong((int) c.javaValue());
        if (!same) {
            fail(c.name() + ": " + c.javaName() + " is " + c.javaValue() + " but C's " + c.cExpr() + " is " + cValue);
        }
    }

    private static String cProgram() {
        StringBuilder c = new StringBuilder("""
                #define _GNU_SOURCE
                #include <stddef.h>
                #include <stdio.h>
                #include <fcntl.h>
                #include <poll.h>
                #include <sys/eventfd.h>
                #include <sys/syscall.h>
                #include <sys/socket.h>
                #include <sys/uio.h>
                #include <netinet/in.h>
                #include <linux/time_types.h>
                #include <linux/io_uring.h>

                /* Fields renamed after 6.1, each in the same kernel commit that added the macro tested here. */
                #ifdef IORING_SETUP_NO_MMAP
                #define RN_RING_USER_ADDR user_addr
                #else
                #define RN_RING_USER_ADDR resv2
                #endif
                #ifdef IORING_OFF_PBUF_RING
                #define RN_BUF_REG_FLAGS flags
                #else
                #define RN_BUF_REG_FLAGS pad
                #endif
                #ifdef IORING_FEAT_MIN_TIMEOUT
                #define RN_GETEVENTS_MIN_WAIT min_wait_usec
                #else
                #define RN_GETEVENTS_MIN_WAIT pad
                #endif

                #define P(name, expr) printf("%s %lld\\n", name, (long long) (expr))

                int main(void) {
                """);
        for (Check check : CHECKS) {
            if (check.guard() != null) {
                c.append("#ifdef ").append(check.guard()).append('\n');
            }
            c.append("    P(\"").append(check.name()).append("\", ").append(check.cExpr()).append(");\n");
            if (check.guard() != null) {
                c.append("#endif\n");
            }
        }
        return c.append("    return 0;\n}\n").toString();
    }

    /** Runs a command in {@code dir}; returns its output (stderr merged) or fails with it. */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": this test needs gcc and the Linux uapi and libc"
                    + " headers (apt-get install gcc linux-libc-dev libc6-dev)", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    private static void constants() {
        for (Field f : publicConstants(IoUringConstants.class)) {
            String name = f.getName();
            String cName = name.startsWith("NR_") ? "__NR_" + name.substring(3).toLowerCase() : name;
            String guard = NEWER_THAN_6_1_HEADER.contains(name) ? cName : null;
            add(new Check(cName, "IoUringConstants." + name, value(f), f.getType() == int.class, cName, guard));
        }
        // fcntl, eventfd and poll constants keep their C names too.
        for (Field f : publicConstants(Fd.class)) {
            add(new Check(f.getName(), "Fd." + f.getName(), value(f), true, f.getName(), null));
        }
    }

    private static List<Field> publicConstants(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m)) {
                fields.add(f);
            }
        }
        return fields;
    }

    private static long value(Field f) {
        try {
            return f.getLong(null);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new AssertionError("cannot read " + f + " as a number", e);
        }
    }

    private static void add(Check check) {
        CHECKS.add(check);
        COVERED.add(check.javaName());
    }

    private static StructChecks struct(Class<?> type, String cStruct) {
        StructChecks s = new StructChecks(type, cStruct);
        s.expr("SIZE", cStruct + ".sizeof", "sizeof(struct " + cStruct + ")");
        return s;
    }

    /** Adds the checks of one struct: {@code field("USER_DATA", "user_data")} compares with {@code offsetof}. */
    private record StructChecks(Class<?> type, String cStruct) {
        /** Checks {@code javaField} against {@code offsetof} of each C member given (union members share it). */
        StructChecks field(String javaField, String... cMembers) {
            for (String member : cMembers) {
                renamed(javaField, member, member);
            }
            return this;
        }

        /** Like {@link #field} for a member renamed after 6.1: {@code member} is a macro naming it in this header. */
        StructChecks renamed(String javaField, String shownName, String member) {
            return expr(javaField, cStruct + "." + shownName, "offsetof(struct " + cStruct + ", " + member + ")");
        }

        StructChecks expr(String javaField, String name, String cExpr) {
            Field f;
            try {
                f = type.getField(javaField);
            } catch (NoSuchFieldException e) {
                throw new AssertionError(type.getSimpleName() + " has no public field " + javaField, e);
            }
            add(new Check(name, type.getSimpleName() + "." + javaField, value(f), f.getType() == int.class, cExpr,
                    null));
            return this;
        }
    }
}
