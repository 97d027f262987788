package dev.ringnet.server.faults;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.transports.TransportKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/ringnet serve} in a process of its own, on one transport, with Netty's leak detector at PARANOID
 * (through {@code JDK_JAVA_OPTIONS}) and its stderr kept in a file so that {@link #leakReports()} can be checked.
 * Optionally under {@code prlimit --nofile}. {@link #close()} kills it if it is still running. Test thread only.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("ringnet started transport=(\\S+) http=127\\.0\\.0\\.1:"
            + "(\\d+) echo=(\\S+) proxy=(\\S+) metrics=\\S+ tls=(on|off) pid=(\\d+)");
    private static final Path LAUNCHER = Path.of(System.getProperty("ringnet.home", ".."), "bin", "ringnet")
            .toAbsolutePath().normalize();

    private final Process process;
    private final Path stderr;
    private final Matcher line;

    private ServerProcess(Process process, Path stderr, Matcher line) {
        this.process = process;
        this.stderr = stderr;
        this.line = line;
    }

    /**
     * Starts the server on {@code kind} with an echo listener and {@code args}; {@code maxFds} above zero runs it
     * under {@code prlimit --nofile=maxFds:maxFds}.
     */
    static ServerProcess start(TransportKind kind, int maxFds, String... args) throws IOException,
            InterruptedException {
        ensureLauncherBuilt();
        List<String> command = new ArrayList<>();
        if (maxFds > 0) {
            command.addAll(List.of("prlimit", "--nofile=" + maxFds + ":" + maxFds, "--"));
        }
        command.addAll(List.of(LAUNCHER.toString(), "serve", "--transport", kind.displayName(), "--http-port", "0",
                "--echo-port", "0", "--log-level", "error"));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("ringnet-fault-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("JDK_JAVA_OPTIONS", "-Dio.netty.leakDetection.level=paranoid");
        Process process = builder.start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String first = stdout.readLine();
        if (first == null) {
            process.destroyForcibly();
            throw new AssertionError("the server printed nothing; stderr: " + Files.readString(stderr));
        }
        Matcher m = STARTED.matcher(first);
        if (!m.matches()) {
            process.destroyForcibly();
            throw new AssertionError("not the startup line: " + first);
        }
        // Nothing else is printed on stdout; drain it anyway so that a full pipe can never block the server.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                stdout.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        return new ServerProcess(process, stderr, m);
    }

    private static boolean launcherBuilt;

    /**
     * Runs {@code bin/ringnet transports} once, without limits: the launcher rebuilds the server first when a source
     * is newer than its jar, and a rebuild under {@code prlimit --nofile=128} would fail instead.
     */
    private static synchronized void ensureLauncherBuilt() throws IOException, InterruptedException {
        if (launcherBuilt) {
            return;
        }
        Process p = new ProcessBuilder(LAUNCHER.toString(), "transports").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "bin/ringnet transports did not finish in 300 s");
        launcherBuilt = true;
    }

    Process process() {
        return process;
    }

    long pid() {
        return Long.parseLong(line.group(6));
    }

    InetSocketAddress http() {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(line.group(2)));
    }

    InetSocketAddress echo() {
        String[] hostPort = line.group(3).split(":");
        assertNotNull(hostPort[1]);
        return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    }

    /** Open fds of the server process. */
    int openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    /** CPU time (user + system) the server process has used, in clock ticks of 10 ms ({@code USER_HZ}). */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime (14) and stime (15)
    }

    /** The lines of the server's stderr that report a Netty leak. */
    List<String> leakReports() throws IOException {
        return Files.readAllLines(stderr).stream().filter(l -> l.contains("LEAK:")).toList();
    }

    /** Sends SIGTERM and waits up to {@code seconds} for the exit; returns the exit status. */
    int terminate(long seconds) throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "still running " + seconds + " s after SIGTERM");
        return process.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(stderr);
    }
}
