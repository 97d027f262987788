package dev.ringnet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of {@code bin/ringnet bench}, parsed from the command line; {@code --quick} changes the defaults
 * of what it does not name explicitly.
 *
 * @param transports    transports to compare, or empty for every available one
 * @param scenarios     scenario names, or empty for every scenario
 * @param connections   connection counts for the scenarios that take one
 * @param idleConnections idle connection counts for the memory scenario
 * @param duration      measured part of each run
 * @param warmup        warm-up before each run's measured part
 * @param serverWarmup  extra warm-up on a server's first run of a scenario and connection count, when
 *                      {@code jitSettle} is zero
 * @param jitSettle     instead, at most this much extra warm-up there, ended as soon as the server's JIT compiler
 *                      threads go quiet ({@link dev.ringnet.bench.scenario.JitSettling}); zero: the fixed one
 * @param runs          measured runs per transport and figure
 * @param quick         the CI mode: fewer connection counts, shorter runs
 * @param out           output directory
 * @param baseline      an earlier results.json to compare with, or null
 * @param serverCpus    CPU set of the server (taskset syntax)
 * @param loadCpus      CPU set of the load generators and of the bench itself
 * @param ioThreads     the server's --io-threads
 * @param rate          requests per second of the fixed-rate scenario
 * @param clientThreads event loops of the bench's own client
 * @param reportFrom    an existing results.json to render the reports from, without running anything; or null
 */
public record BenchOptions(List<String> transports, List<String> scenarios, List<Integer> connections,
                           List<Integer> idleConnections, Duration duration, Duration warmup, Duration serverWarmup,
                           Duration jitSettle, int runs, boolean quick, Path out, Path baseline, String serverCpus,
                           String loadCpus, int ioThreads, int rate, int clientThreads, Path reportFrom) {

    /** Usage text for {@code --help}. */
    public static final String USAGE = """
            Usage: bin/ringnet bench [OPTIONS]

            Compares the server's transports under the same traffic, one server JVM per transport pinned to its own
            CPUs, load on the others; writes results.json, report.md and report.html.

            Options:
              --transports LIST|all     transports to compare (default: all available); ffm-io_uring+sqpoll
                                        adds ffm-io_uring with --sqpoll 100ms
              --scenarios LIST|all      echo-64,echo-4k,echo-rate,http-hello,http-pipelined,churn,file-1m,
                                        file-64m,proxy,idle (default: all)
              --connections LIST        connection counts (default: 1,100,1000; quick: 100)
              --idle-connections LIST   idle connections held for the memory figures (default: 1000,15000;
                                        quick: 1000)
              --duration D              measured part of each run (default: 3s; quick: 700ms, wrk: 1s)
              --warmup D                warm-up before each run (default: 1s; quick: 200ms)
              --jit-settle D            on a server's first run of a scenario and connection count, warm up
                                        until its JIT compiler is quiet, at most D (default: 30s; quick: 0,
                                        a fixed 500ms)
              --runs N                  measured runs per transport and figure, interleaved (default: 3; quick: 2)
              --quick                   the short CI run (under 3 minutes)
              --out DIR                 output directory (default: bench/report)
              --baseline FILE           an earlier results.json: marks figures that moved beyond their spread
              --server-cpus SET         taskset CPU list for the server (default: 0)
              --load-cpus SET           taskset CPU list for the load and the bench itself (default: 1)
              --io-threads N            the server's event loops (default: 1)
              --rate N                  requests per second of echo-rate (default: 10000)
              --client-threads N        event loops of the bench's client (default: 1)
              --report-from FILE        only write report.md and report.html from an existing results.json
              -h, --help                this text
            D is 500ms, 3s or 1m.
            """;

    /** Every scenario, in the order they run. */
    public static final List<String> ALL_SCENARIOS = List.of("echo-64", "echo-4k", "echo-rate", "http-hello",
            "http-pipelined", "churn", "file-1m", "file-64m", "proxy", "idle");

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException with a one-line message for an unknown option or a bad value
     */
    public static BenchOptions parse(List<String> args) {
        boolean quick = args.contains("--quick");
        List<String> transports = List.of();
        List<String> scenarios = List.of();
        List<Integer> connections = quick ? List.of(100) : List.of(1, 100, 1000);
        List<Integer> idle = quick ? List.of(1000) : List.of(1000, 15000);
        Duration duration = Duration.ofMillis(quick ? 700 : 3000);
        Duration warmup = Duration.ofMillis(quick ? 200 : 1000);
        Duration serverWarmup = Duration.ofMillis(quick ? 500 : 2000);
        Duration jitSettle = Duration.ofSeconds(quick ? 0 : 30);
        int runs = quick ? 2 : 3;
        Path out = Path.of("bench", "report");
        Path baseline = null;
        String serverCpus = "0";
        String loadCpus = "1";
        int ioThreads = 1;
        int rate = 10_000;
        int clientThreads = 1;
        Path reportFrom = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--quick")) {
                continue;
            }
            if (option.equals("-h") || option.equals("--help")) {
                throw new HelpRequested();
            }
            String value = value(args, i++, option);
            switch (option) {
                case "--transports" -> transports = value.equals("all") ? List.of() : list(value);
                case "--scenarios" -> scenarios = value.equals("all") ? List.of() : scenarioList(value);
                case "--connections" -> connections = intList(option, value);
                case "--idle-connections" -> idle = intList(option, value);
                case "--duration" -> duration = duration(option, value);
                case "--warmup" -> warmup = duration(option, value);
                case "--jit-settle" -> jitSettle = duration(option, value);
                case "--runs" -> runs = positive(option, value);
                case "--out" -> out = Path.of(value);
                case "--baseline" -> baseline = Path.of(value);
                case "--server-cpus" -> serverCpus = value;
                case "--load-cpus" -> loadCpus = value;
                case "--io-threads" -> ioThreads = positive(option, value);
                case "--rate" -> rate = positive(option, value);
                case "--client-threads" -> clientThreads = positive(option, value);
                case "--report-from" -> reportFrom = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "' (try --help)");
            }
        }
        return new BenchOptions(transports, scenarios, connections, idle, duration, warmup, serverWarmup, jitSettle,
                runs, quick, out, baseline, serverCpus, loadCpus, ioThreads, rate, clientThreads, reportFrom);
    }

    /** The scenarios to run, in their fixed order. */
    public List<String> scenarioNames() {
        return scenarios.isEmpty() ? ALL_SCENARIOS : ALL_SCENARIOS.stream().filter(scenarios::contains).toList();
    }

    private static String value(List<String> args, int i, String option) {
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i + 1);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> scenarioList(String value) {
        List<String> names = list(value);
        for (String name : names) {
            if (!ALL_SCENARIOS.contains(name)) {
                throw new IllegalArgumentException("--scenarios: unknown scenario '" + name + "' (one of "
                        + String.join(",", ALL_SCENARIOS) + ")");
            }
        }
        return names;
    }

    private static List<Integer> intList(String option, String value) {
        List<Integer> numbers = new ArrayList<>();
        for (String s : list(value)) {
            numbers.add(positive(option, s));
        }
        return List.copyOf(numbers);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(option + ": '" + value + "' is not a positive number");
    }

    static Duration duration(String option, String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            String seconds = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
            return Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a duration (500ms, 3s, 1m)");
        }
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help requested", null, false, false);
        }
    }
}
