package dev.ringnet.bench.measure;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts the system calls of one process over a window with {@code perf stat}: all of them through the
 * {@code raw_syscalls:sys_enter} tracepoint, and a few by name through {@code syscalls:sys_enter_NAME}.
 *
 * <p>perf is started with its counters disabled ({@code -D -1}) and driven through a control FIFO, so the window
 * is exactly the time between {@link #start()} and {@link #stop()}: perf's own start-up (hundreds of milliseconds)
 * is outside it, and each command is acknowledged before the call returns. The process's threads at attach time
 * are counted, and the threads they create later too (perf inherits the counters).
 *
 * <p>Not thread-safe; one window per instance.
 */
public final class SyscallCounter implements AutoCloseable {
    /** The system calls counted by name: what the transports compared here spend their calls on. */
    public static final List<String> NAMED = List.of("io_uring_enter", "epoll_wait", "epoll_pwait", "epoll_ctl",
            "read", "write", "writev", "recvfrom", "sendto", "splice", "sendfile64", "accept4", "close", "futex");

    /** The tracepoint every system call enters through. */
    static final String ALL = "raw_syscalls:sys_enter";

    /** How many times {@link #attach} starts perf when threads keep exiting under it. */
    static final int ATTACH_ATTEMPTS = 5;

    private final Process perf;
    private final Path dir;
    private final Path output;
    private final FileOutputStream control;
    private final FileInputStream ack;
    /** Keeps both FIFOs open for writing on our side so that neither open blocks nor reads see end-of-file. */
    private final FileOutputStream ackKeeper;

    private SyscallCounter(Process perf, Path dir, Path output, FileOutputStream control, FileInputStream ack,
                           FileOutputStream ackKeeper) {
        this.perf = perf;
        this.dir = dir;
        this.output = output;
        this.control = control;
        this.ack = ack;
        this.ackKeeper = ackKeeper;
    }

    /**
     * Attaches perf to {@code pid} with its counters off; returns once perf has opened its events on every thread.
     *
     * @throws IOException when perf cannot be started (not installed: run ci/setup-bench) or cannot attach
     */
    public static SyscallCounter attach(long pid, List<String> named) throws IOException {
        return attach("perf", pid, named);
    }

    /**
     * {@link #attach(long, List)} with {@code perfCommand} as perf. perf opens each event on each thread in turn;
     * a thread that exits in between (an idle pool thread timing out, say) makes a later open fail with ESRCH and
     * perf exit. That is a lost race, not a fault, so it is retried on a fresh thread list, up to
     * {@link #ATTACH_ATTEMPTS} times.
     */
    static SyscallCounter attach(String perfCommand, long pid, List<String> named) throws IOException {
        for (int attempt = 1; ; attempt++) {
            SyscallCounter counter = launch(perfCommand, pid, named);
            String reply;
            try {
                // perf reads its control FIFO only once all its events are open: the ping's ack says it attached.
                reply = counter.send("ping");
            } catch (IOException | RuntimeException e) {
                counter.close();
                throw e;
            }
            if ("ack".equals(reply)) {
                return counter;
            }
            String log = counter.readLog();
            counter.close();
            if (attempt == ATTACH_ATTEMPTS || !threadExitedDuringAttach(log)) {
                throw new IOException("perf stat could not attach to process " + pid + " (" + reply + ", attempt "
                        + attempt + " of " + ATTACH_ATTEMPTS + "); its log: " + log);
            }
            sleepMillis(50L * attempt); // threads tend to exit in bursts (a pool shrinking): let one pass
        }
    }

    /** Whether perf's log says an event could not be opened because its thread was gone (ESRCH). */
    static boolean threadExitedDuringAttach(String perfLog) {
        return perfLog.contains("returned with 3 (No such process)");
    }

    private static SyscallCounter launch(String perfCommand, long pid, List<String> named) throws IOException {
        Path dir = Files.createTempDirectory("ringnet-perf");
        Path ctl = dir.resolve("ctl");
        Path ackPath = dir.resolve("ack");
        Path output = dir.resolve("out.csv");
        mkfifo(ctl);
        mkfifo(ackPath);
        List<String> command = new ArrayList<>(List.of(perfCommand, "stat", "-x", ",", "-D", "-1",
                "--control", "fifo:" + ctl + "," + ackPath, "-o", output.toString(), "-e", ALL));
        for (String name : named) {
            command.add("-e");
            command.add("syscalls:sys_enter_" + name);
        }
        command.add("-p");
        command.add(Long.toString(pid));
        Process perf = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("perf.log").toFile()).start();
        // Opening one end of a FIFO blocks until the other end is opened, forever if perf fails to start. Linux
        // opens a FIFO read-write without blocking, so we hold the write end of the ack FIFO ourselves first.
        FileOutputStream ackKeeper = new FileOutputStream(new java.io.RandomAccessFile(ackPath.toFile(), "rw").getFD());
        FileInputStream ack = new FileInputStream(ackPath.toFile());
        FileOutputStream control = new FileOutputStream(new java.io.RandomAccessFile(ctl.toFile(), "rw").getFD());
        return new SyscallCounter(perf, dir, output, control, ack, ackKeeper);
    }

    private static void mkfifo(Path path) throws IOException {
        Posix.mkfifo(path);
    }

    /** Turns the counters on; returns once perf has acknowledged. */
    public void start() throws IOException {
        command("enable");
    }

    /**
     * Turns the counters off (the window ends when perf acknowledges) and tells perf to print its totals and exit.
     * Returns at once: perf takes about half a second to tear down its events (it grows with events times the
     * target's threads), which {@link #counts()} waits for, so callers can overlap it with other work.
     */
    public void stop() throws IOException {
        command("disable");
        // perf stat prints its totals on SIGINT; SIGTERM (Process.destroy) kills it without a word.
        Posix.kill(perf.pid(), Posix.SIGINT);
        // perf's signal handler only sets a flag, which its poll loop on the control FIFO checks when it wakes: a
        // command wakes it. Its answer is never read.
        control.write("ping\n".getBytes(StandardCharsets.US_ASCII));
        control.flush();
    }

    /** The counts of the window, once perf has exited after {@link #stop()}. */
    public SyscallCounts counts() throws IOException {
        try {
            if (!perf.waitFor(10, TimeUnit.SECONDS)) {
                perf.destroyForcibly();
                throw new IOException("perf stat did not exit within 10 s of SIGINT");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for perf", e);
        }
        return parse(Files.readAllLines(output));
    }

    private void command(String verb) throws IOException {
        String reply = send(verb);
        if (!"ack".equals(reply)) {
            throw new IOException("perf stat did not acknowledge '" + verb + "' (got " + reply + "); its log: "
                    + readLog());
        }
    }

    /** Sends {@code verb} to perf and returns its reply line, or what happened instead of one. */
    private String send(String verb) throws IOException {
        control.write((verb + "\n").getBytes(StandardCharsets.US_ASCII));
        control.flush();
        return readAck();
    }

    /** Reads perf's reply line, giving up after 10 s or as soon as perf has exited. */
    private String readAck() throws IOException {
        StringBuilder line = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ack.available() == 0) {
                if (!perf.isAlive()) {
                    return "perf exited with status " + perf.exitValue();
                }
                sleepMillis(1);
                continue;
            }
            int c = ack.read();
            if (c == '\n') {
                return line.toString();
            }
            if (c != 0) { // perf writes sizeof("ack\n"): the string's NUL comes after the newline
                line.append((char) c);
            }
        }
        return "no reply within 10 s";
    }

    private static void sleepMillis(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for perf", e);
        }
    }

    private String readLog() {
        try {
            return Files.readString(dir.resolve("perf.log")).strip();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Parses {@code perf stat -x,} output: {@code value,unit,event,time_enabled,percent,...}. */
    static SyscallCounts parse(List<String> lines) throws IOException {
        long total = -1;
        long enabledNanos = 0;
        Map<String, Long> byName = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 4) {
                continue;
            }
            long value = f[0].startsWith("<") ? 0 : Long.parseLong(f[0]); // "<not counted>": never enabled
            if (f[2].equals(ALL)) {
                total = value;
                enabledNanos = f[3].isEmpty() ? 0 : Long.parseLong(f[3]);
            } else if (f[2].startsWith("syscalls:sys_enter_")) {
                byName.put(f[2].substring("syscalls:sys_enter_".length()), value);
            }
        }
        if (total < 0) {
            throw new IOException("perf stat printed no " + ALL + " count: " + String.join(" | ", lines));
        }
        return new SyscallCounts(total, enabledNanos, byName);
    }

    @Override
    public void close() {
        try {
            control.close();
            ack.close();
            ackKeeper.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing perf's control FIFOs", e);
        } finally {
            perf.destroyForcibly();
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                System.err.println("ringnet bench: cannot remove " + dir + ": " + e);
            }
        }
    }

    /**
     * The counts of one window.
     *
     * @param total        every system call entered
     * @param windowNanos  how long the counters were on, as perf measured it
     * @param byName       the calls counted by name ({@link #NAMED}), in that order
     */
    public record SyscallCounts(long total, long windowNanos, Map<String, Long> byName) {
    }
}
