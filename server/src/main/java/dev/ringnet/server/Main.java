package dev.ringnet.server;

import ch.qos.logback.classic.Level;
import dev.ringnet.server.config.CommandLine;
import dev.ringnet.server.config.ConfigException;
import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.config.Settings;
import dev.ringnet.server.transports.TransportKind;
import dev.ringnet.server.transports.TransportSelector;
import dev.ringnet.server.transports.TransportTable;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ringnet} program: {@code serve}, {@code transports}, {@code --help}, {@code --version}.
 *
 * <p>Exit status: 0 after a clean run or shutdown; 2 for anything wrong in what the user gave (unknown option,
 * bad value, missing root, unavailable transport), reported as one line on stderr without a stack trace; 1 when
 * the server cannot start for another reason (a port in use). {@link #start} is what {@code serve} does before it
 * waits, for tests that run the server in their own JVM.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /** Runs the program and exits with its status. */
    public static void main(String[] args) {
        // /caption draws with Java2D: a server has no display, and a DISPLAY variable must not make it look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int status = new Main(System.getenv(), System.out, System.err).run(Arrays.asList(args));
        System.exit(status);
    }

    /** Runs the command in {@code args}; returns the exit status. {@code serve} returns after shutting down. */
    int run(List<String> args) {
        String command = args.isEmpty() ? "--help" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        switch (command) {
            case "serve":
                return serve(rest);
            case "transports":
                if (!rest.isEmpty()) {
                    return usageError("transports takes no arguments, got '" + rest.get(0) + "'");
                }
                out.print(TransportTable.render());
                out.flush();
                return 0;
            case "-h", "--help", "help":
                out.print(Help.main());
                return 0;
            case "--version", "version":
                out.println("ringnet " + Version.get());
                return 0;
            default:
                if (command.startsWith("--")) {
                    return serve(args); // `ringnet --http-port 0` means serve
                }
                return usageError("unknown command '" + command + "' (serve, transports, --help, --version)");
        }
    }

    private int serve(List<String> args) {
        RingnetServer server;
        try {
            CommandLine cli = CommandLine.parse(args);
            if (cli.help()) {
                out.print(Help.serve());
                return 0;
            }
            if (cli.version()) {
                out.println("ringnet " + Version.get());
                return 0;
            }
            server = start(cli, environment);
        } catch (ConfigException e) {
            log.debug("invalid configuration", e);
            return usageError(e.getMessage());
        } catch (StartupException e) {
            log.debug("startup failed", e);
            err.println("ringnet: " + e.getMessage());
            return 1;
        }
        ShutdownSignals.install(server, err);
        out.println(server.startupLine(ProcessHandle.current().pid()));
        out.flush();
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    private int usageError(String message) {
        err.println("ringnet: " + message);
        err.flush();
        return 2;
    }

    /**
     * Everything {@code serve} does before waiting: reads the options (command line, environment, config file),
     * applies the log level, selects the transport (logging each better one skipped, with its cause) and starts
     * the server.
     *
     * @throws ConfigException  for invalid options or an unavailable requested transport (exit status 2)
     * @throws StartupException when the server cannot start otherwise (exit status 1)
     */
    public static RingnetServer start(List<String> args, Map<String, String> environment)
            throws ConfigException, StartupException {
        return start(CommandLine.parse(args), environment);
    }

    private static RingnetServer start(CommandLine cli, Map<String, String> environment)
            throws ConfigException, StartupException {
        Settings settings = Settings.resolve(cli, environment);
        ServerConfig config = ServerConfig.from(settings);
        applyLogLevel(config.logLevel());
        settings.warnings().forEach(log::warn);
        TransportSelector.Selection selection = TransportSelector.select(config.transport());
        selection.skipped().forEach(log::warn);
        RootWarning.logIfRoot();
        RingnetServer server = null;
        while (server == null) {
            try {
                server = RingnetServer.start(config, selection.transport());
            } catch (EventLoopStartException e) {
                // The probe's tiny ring fitted but the event loops' rings did not (memlock): auto moves on, as if
                // the probe had failed; a transport the user named fails here.
                TransportSelector.Selection next = config.transport().equals("auto")
                        ? TransportSelector.fallBackFrom(e.transport(), e.getMessage()) : null;
                if (next == null) {
                    throw e;
                }
                log.debug("event loops failed", e);
                next.skipped().forEach(log::warn);
                selection = next;
            }
        }
        TransportKind transport = selection.transport();
        List<String> features = transport.featuresInUse(config.sqPollIdle());
        log.info("serving {} on {} with {} io thread(s), {} allocator; io_uring features: {}",
                config.root() == null ? "the demo site" : config.root(), transport.displayName(),
                config.ioThreads(), config.allocator().displayName(),
                features.isEmpty() ? "none" : String.join(",", features));
        return server;
    }

    private static void applyLogLevel(String level) {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(Level.toLevel(level));
        }
    }
}
