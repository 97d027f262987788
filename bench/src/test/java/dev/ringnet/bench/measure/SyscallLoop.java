package dev.ringnet.bench.measure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A process that makes a known number of system calls when told to: for each line {@code N} on stdin it calls
 * {@code getppid()} N times through an FFM downcall (nothing in the JVM calls getppid on its own), then prints
 * {@code done}. Ends at end of input.
 */
public final class SyscallLoop {
    private static final MethodHandle GETPPID = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("getppid").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private SyscallLoop() {
    }

    /** Runs the loop described above. */
    public static void main(String[] args) throws Throwable {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        System.out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            int n = Integer.parseInt(line.trim());
            for (int i = 0; i < n; i++) {
                int ppid = (int) GETPPID.invokeExact();
                if (ppid <= 0) {
                    throw new AssertionError("getppid returned " + ppid);
                }
            }
            System.out.println("done");
            System.out.flush();
        }
    }
}
