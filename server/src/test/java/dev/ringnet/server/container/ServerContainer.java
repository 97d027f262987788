package dev.ringnet.server.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The server image run in a container on the host's network (so the test reaches it on 127.0.0.1 and no bridge is
 * ever made), in a {@link Sandbox}: either serving ({@link #serve}) until closed, or as a command that runs to its
 * exit ({@link #runToExit}). Containers are stopped and removed by {@link #close}; not thread-safe.
 */
public final class ServerContainer implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile(
            "ringnet started transport=(\\S+) http=127\\.0\\.0\\.1:(\\d+) echo=127\\.0\\.0\\.1:(\\d+) .*");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final GenericContainer<?> container;
    /** Everything the container printed, kept for the failure message: a failed start removes the container. */
    private final ToStringConsumer output = new ToStringConsumer();
    private String transport;
    private int httpPort;
    private int echoPort;

    private ServerContainer(GenericContainer<?> container) {
        this.container = container;
    }

    /**
     * Starts {@code ringnet serve} on 127.0.0.1 with HTTP and echo on free ports, plus {@code options}, and returns
     * once the startup line is out.
     */
    public static ServerContainer serve(Sandbox sandbox, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve", "--bind", "127.0.0.1", "--http-port", "0",
                "--echo-port", "0", "--io-threads", "2"));
        command.addAll(List.of(options));
        ServerContainer server = new ServerContainer(create(ServerImage.SERVER, sandbox, command)
                .waitingFor(Wait.forLogMessage(".*ringnet started .*\\n", 1).withStartupTimeout(STARTUP)));
        server.start();
        Matcher m = STARTED.matcher(server.stdout().strip());
        if (!m.find()) {
            server.close();
            throw new AssertionError("no startup line with http and echo; stdout: " + server.stdout()
                    + "\nstderr: " + server.stderr());
        }
        server.transport = m.group(1);
        server.httpPort = Integer.parseInt(m.group(2));
        server.echoPort = Integer.parseInt(m.group(3));
        return server;
    }

    /**
     * Runs {@code bin/ringnet args...} in the server image to its exit, for at most {@code timeout}; {@code mounts}
     * maps host directories to container paths.
     */
    public static Exited runToExit(Sandbox sandbox, Duration timeout, Map<String, String> mounts, String... args)
            throws Exception {
        return runToExit(ServerImage.SERVER, sandbox, timeout, mounts, args);
    }

    /** {@link #runToExit(Sandbox, Duration, Map, String...)} in {@code image}. */
    public static Exited runToExit(ServerImage image, Sandbox sandbox, Duration timeout, Map<String, String> mounts,
                                   String... args) throws Exception {
        GenericContainer<?> c = create(image, sandbox, List.of(args))
                .withStartupCheckStrategy(new ExitedStartupCheck().withTimeout(timeout));
        mounts.forEach((host, inside) -> c.withFileSystemBind(host, inside, BindMode.READ_WRITE));
        try (ServerContainer run = new ServerContainer(c)) {
            run.start();
            Long code = c.getCurrentContainerInfo().getState().getExitCodeLong();
            return new Exited(code == null ? -1 : code.intValue(), run.stdout(), run.stderr());
        }
    }

    @SuppressWarnings("resource") // closed by close()
    private static GenericContainer<?> create(ServerImage image, Sandbox sandbox, List<String> command)
            throws Exception {
        return new GenericContainer<>(image.name())
                .withNetworkMode("host")
                .withCommand(command.toArray(String[]::new))
                .withCreateContainerCmdModifier(sandbox::applyTo);
    }

    private void start() {
        container.withLogConsumer(output);
        try {
            container.start();
        } catch (RuntimeException e) {
            // The server's own words say more than Testcontainers' "container startup failed".
            container.stop();
            throw new AssertionError("the container did not start: " + e.getMessage() + "; it printed:\n"
                    + output.toUtf8String(), e);
        }
    }

    /** The transport named by the startup line. */
    String transport() {
        return transport;
    }

    /** The HTTP port bound on 127.0.0.1. */
    int httpPort() {
        return httpPort;
    }

    /** The TCP echo port bound on 127.0.0.1. */
    int echoPort() {
        return echoPort;
    }

    /** What the server printed on stdout so far. */
    String stdout() {
        return container.getLogs(OutputFrame.OutputType.STDOUT);
    }

    /** What the server printed on stderr so far (its logs). */
    String stderr() {
        return container.getLogs(OutputFrame.OutputType.STDERR);
    }

    /** The log lines that say a transport was skipped ({@code "NAME unavailable: cause"}), in order. */
    List<String> skippedTransportLines() {
        return stderr().lines().filter(l -> l.contains(" unavailable: ")).toList();
    }

    /** Fails if {@code logs} hold a stack trace: an expected failure is one line, never a trace. */
    static void assertNoStackTrace(String logs) {
        if (logs.lines().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception:"))) {
            throw new AssertionError("a stack trace in:\n" + logs);
        }
    }

    @Override
    public void close() {
        container.stop();
    }

    /**
     * A command's exit status and output.
     *
     * @param status  the exit status, or -1 when the engine reported none
     * @param stdout  what it printed on stdout
     * @param stderr  what it printed on stderr
     */
    public record Exited(int status, String stdout, String stderr) {
        /** The non-blank lines of stderr. */
        public List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
