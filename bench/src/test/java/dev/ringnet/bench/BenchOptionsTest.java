package dev.ringnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line: defaults, --quick's defaults, explicit values over them, one-line errors. */
class BenchOptionsTest {
    @Test
    void fullDefaultsAreThreeRunsAtThreeConnectionCounts() {
        BenchOptions o = BenchOptions.parse(List.of());
        assertEquals(3, o.runs());
        assertEquals(List.of(1, 100, 1000), o.connections());
        assertEquals(List.of(1000, 15000), o.idleConnections());
        assertEquals(BenchOptions.ALL_SCENARIOS, o.scenarioNames());
        assertEquals("0", o.serverCpus());
        assertEquals("1", o.loadCpus());
        assertEquals(Duration.ofSeconds(30), o.jitSettle());
    }

    @Test
    void quickShortensWhatIsNotGivenExplicitly() {
        BenchOptions o = BenchOptions.parse(List.of("--runs", "4", "--quick"));
        assertTrue(o.quick());
        assertEquals(4, o.runs(), "an explicit --runs wins, wherever --quick stands");
        assertEquals(List.of(100), o.connections());
        assertEquals(Duration.ofMillis(700), o.duration());
        assertEquals(Duration.ZERO, o.jitSettle(), "CI's quick run has a fixed warm-up");
        assertEquals(Duration.ofSeconds(5), BenchOptions.parse(List.of("--quick", "--jit-settle", "5s")).jitSettle());
    }

    @Test
    void listsDurationsAndErrors() {
        BenchOptions o = BenchOptions.parse(List.of("--scenarios", "idle,echo-64", "--duration", "1.5s",
                "--warmup", "250ms", "--transports", "epoll,nio"));
        assertEquals(List.of("echo-64", "idle"), o.scenarioNames(), "the fixed order, not the given one");
        assertEquals(Duration.ofMillis(1500), o.duration());
        assertEquals(Duration.ofMillis(250), o.warmup());
        assertEquals(List.of("epoll", "nio"), o.transports());
        assertEquals("--scenarios: unknown scenario 'echo' (one of " + String.join(",", BenchOptions.ALL_SCENARIOS)
                + ")", assertThrows(IllegalArgumentException.class,
                        () -> BenchOptions.parse(List.of("--scenarios", "echo"))).getMessage());
        assertEquals("--runs: '0' is not a positive number", assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--runs", "0"))).getMessage());
        assertEquals("--out needs a value", assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--out"))).getMessage());
    }
}
