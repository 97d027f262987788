package dev.ringnet.bench.jmh;

import dev.ringnet.linux.LibC;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same cheap system call, {@code getsockopt(fd, SOL_SOCKET, SO_ERROR)} on one TCP socket, through an FFM
 * downcall (as our native module makes them: errno captured into a per-thread segment) and through Netty's JNI
 * ({@code io.netty.channel.unix.Socket.getSoError}, which the epoll and io_uring transports use). Plus
 * {@code getpid} through FFM without errno capture, the floor: a syscall here costs about 190 ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DowncallBenchmark {
    private static final int SOL_SOCKET = 1;
    private static final int SO_ERROR = 4;
    private static final MethodHandle GETSOCKOPT = LibC.downcall("getsockopt", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle GETPID = LibC.downcallNoErrno("getpid",
            FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private Socket socket;
    private int fd;
    private Arena arena;
    private MemorySegment value;
    private MemorySegment length;
    private MemorySegment callState;

    /** One TCP socket (unconnected), opened through Netty so both paths use the same descriptor. */
    @Setup(Level.Trial)
    public void open() {
        Epoll.ensureAvailability(); // loads Netty's native library, which holds the unix Socket methods
        socket = Socket.newSocketStream();
        fd = socket.intValue();
        arena = Arena.ofConfined();
        value = arena.allocate(ValueLayout.JAVA_INT);
        length = arena.allocate(ValueLayout.JAVA_INT);
        callState = LibC.callState();
    }

    /** Closes the socket. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        socket.close();
        arena.close();
    }

    /** getsockopt through FFM. */
    @Benchmark
    public int ffmGetsockopt() throws Throwable {
        length.set(ValueLayout.JAVA_INT, 0, 4);
        int rc = (int) GETSOCKOPT.invokeExact(callState, fd, SOL_SOCKET, SO_ERROR, value, length);
        return rc + value.get(ValueLayout.JAVA_INT, 0);
    }

    /** getsockopt through Netty's JNI. */
    @Benchmark
    public int jniGetsockopt() throws IOException {
        return socket.getSoError();
    }

    /** getpid through FFM, no errno capture. */
    @Benchmark
    public int ffmGetpid() throws Throwable {
        return (int) GETPID.invokeExact();
    }
}
