package dev.ringnet.bench.measure;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.LibC;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The two libc calls the measurement needs that Java lacks: {@code mkfifo} and {@code kill} with a chosen signal.
 * Done in-process because each run would otherwise spawn a process for each, and on a loaded 2-CPU machine a
 * spawn costs tens of milliseconds between runs.
 */
final class Posix {
    /** {@code SIGINT} on every Linux architecture. */
    static final int SIGINT = 2;

    private static final MethodHandle MKFIFO = LibC.downcall("mkfifo",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle KILL = LibC.downcall("kill",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Posix() {
    }

    /** {@code mkfifo(path, 0600)}. */
    static void mkfifo(Path path) throws IOException {
        MemorySegment state = LibC.callState();
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) MKFIFO.invokeExact(state, arena.allocateFrom(path.toString()), 0600);
            if (rc != 0) {
                throw new IOException("mkfifo(" + path + "): " + Errno.name(LibC.errno(state)));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
    }

    /** {@code kill(pid, signal)}. */
    static void kill(long pid, int signal) throws IOException {
        MemorySegment state = LibC.callState();
        try {
            int rc = (int) KILL.invokeExact(state, (int) pid, signal);
            if (rc != 0) {
                throw new IOException("kill(" + pid + ", " + signal + "): " + Errno.name(LibC.errno(state)));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw LibC.unexpected(t);
        }
    }
}
