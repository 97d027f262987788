package dev.ringnet.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.bench.load.Load;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The JIT-settling warm-up goes on while the server's compiler threads work, and stops when they stop. */
class JitSettlingTest {
    @Test
    void warmsUpUntilTheCompilerThreadsGoQuietAndNoLongerThanTheLimit() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        Load idleLoad = (warmup, duration, marks) -> {
            rounds.incrementAndGet();
            marks.begin();
            Thread.sleep(duration.toMillis());
            marks.end();
            return null;
        };

        // Busy for 2.5 s: rounds 1-3 see it work, round 4 is the first quiet one.
        Process compiling = busyCompiler(2500);
        try {
            Duration took = JitSettling.settle(idleLoad, compiling.pid(), Duration.ofSeconds(20));
            assertTrue(rounds.get() >= 4 && rounds.get() <= 6, rounds.get() + " rounds");
            assertTrue(took.toMillis() >= 2500, "settled after " + took + ", while the compiler was busy");
        } finally {
            compiling.destroy();
            compiling.waitFor(10, TimeUnit.SECONDS);
        }

        // Busy for longer than the limit: the warm-up ends at the first round that ends past the limit.
        rounds.set(0);
        compiling = busyCompiler(60_000);
        try {
            Duration took = JitSettling.settle(idleLoad, compiling.pid(), Duration.ofMillis(1500));
            assertEquals(2, rounds.get(), "rounds within a 1.5 s limit");
            assertTrue(took.toMillis() >= 1500, "took " + took);
        } finally {
            compiling.destroy();
            compiling.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRoundIsQuietUnderTwoPercentOfACpu() {
        assertTrue(JitSettling.quiet(10_000_000L, 1_000_000_000L), "one 10 ms tick in a second");
        assertFalse(JitSettling.quiet(20_000_000L, 1_000_000_000L), "two ticks in a second");
        assertFalse(JitSettling.quiet(0, 0), "a round that did not run says nothing");
    }

    private static Process busyCompiler(long busyMillis) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BusyCompilerThread.class.getName(), Long.toString(busyMillis))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertEquals("busy", out.readLine());
        return p;
    }
}
