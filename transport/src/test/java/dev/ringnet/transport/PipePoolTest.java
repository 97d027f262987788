package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.linux.Fd;
import dev.ringnet.linux.Pipes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The pool's pipes: as large as the kernel lets this user make them, reused when given back empty, closed after. */
class PipePoolTest {
    @Test
    void pipesAreAsLargeAsTheLimitsAllowAndReused() throws Exception {
        long pipeMaxSize = Long.parseLong(Files.readString(Path.of("/proc/sys/fs/pipe-max-size")).strip());
        try (PipePool pool = new PipePool()) {
            PipePool.Pipe pipe = pool.acquire();
            assertEquals(Fd.fcntl(pipe.writeFd, Pipes.F_GETPIPE_SZ, 0), pipe.capacity, "capacity as the kernel says");
            boolean privileged = Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t");
            if (privileged || pipeMaxSize >= PipePool.PIPE_CAPACITIES[0]) {
                // Root may exceed pipe-max-size; anyone may reach it while under the per-user page limit.
                assertTrue(pipe.capacity >= PipePool.PIPE_CAPACITIES[1], pipe + " (pipe-max-size " + pipeMaxSize + ")");
            }
            if (privileged) {
                assertEquals(PipePool.PIPE_CAPACITIES[0], pipe.capacity, "root is held by no pipe limit");
            }
            pool.release(pipe);
            assertSame(pipe, pool.acquire(), "an empty pipe given back is the next one handed out");
            pool.release(pipe);
        }
    }

    @Test
    void aClosedPoolHandsOutNothingAndClosesWhatIsGivenBack() throws Exception {
        PipePool pool = new PipePool();
        PipePool.Pipe held = pool.acquire();
        pool.close();
        assertThrows(IllegalStateException.class, pool::acquire);
        pool.release(held);
        assertTrue(Files.notExists(Path.of("/proc/self/fd/" + held.readFd))
                || !Files.readSymbolicLink(Path.of("/proc/self/fd/" + held.readFd)).toString().startsWith("pipe:"),
                "the read end of a pipe given back to a closed pool is closed");
    }
}
