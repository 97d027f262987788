package dev.ringnet.bench.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start the real server program ({@code dev.ringnet.server.Main serve}) in its own JVM, pinned to a CPU set
 * with {@code taskset}: the same java binary and jars {@code bin/ringnet serve} uses.
 *
 * @param java      the JDK 25 {@code java} binary
 * @param classPath the server's class path: {@code server/target/ringnet-server-*.jar} and {@code server/target/lib}
 *                  when run from a checkout, else this JVM's own (the bench depends on the server)
 * @param jvmOptions extra JVM options for every server (heap size, say)
 */
public record ServerLauncher(String java, String classPath, List<String> jvmOptions) {
    /** The launcher for the JVM running this code, finding the server jars under {@code home} when given. */
    public static ServerLauncher fromCurrentJvm(Path home, List<String> jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        if (home != null) {
            Path serverTarget = home.resolve("server/target");
            try (var jars = Files.list(serverTarget)) {
                Path jar = jars.filter(p -> p.getFileName().toString().matches("ringnet-server-.*\\.jar"))
                        .findFirst().orElse(null);
                if (jar != null && Files.isDirectory(serverTarget.resolve("lib"))) {
                    classPath = jar + File.pathSeparator + serverTarget.resolve("lib") + File.separator + "*";
                }
            } catch (java.io.IOException e) {
                // No server build in this checkout: the bench's own class path holds the server and its libraries.
                classPath = System.getProperty("java.class.path");
            }
        }
        return new ServerLauncher(java, classPath, List.copyOf(jvmOptions));
    }

    /**
     * The JVM flags bin/ringnet gives the server (keep the two lists alike): native access for the ring, the
     * add-opens that let ffm-io_uring splice the server's file regions rather than copy them, headless Java2D; and one
     * of the bench's own, which keeps the JIT compiler threads alive for the whole run.
     */
    private static final List<String> SERVER_JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "-Djava.awt.headless=true",
            // Compiler threads that come and go would spoil the JIT CPU left out of each window (ProcSnapshot).
            "-XX:-UseDynamicNumberOfCompilerThreads");

    /** The command line for {@code serve} with {@code serveArgs}, pinned to {@code cpus} (taskset syntax). */
    public List<String> command(String cpus, List<String> extraJvmOptions, List<String> serveArgs) {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", cpus, java));
        command.addAll(SERVER_JVM_FLAGS);
        command.addAll(jvmOptions);
        command.addAll(extraJvmOptions);
        command.addAll(List.of("-cp", classPath, "dev.ringnet.server.Main", "serve"));
        command.addAll(serveArgs);
        return command;
    }

    /** The command line for {@code bin/ringnet}-style subcommands that print and exit ({@code transports}). */
    public List<String> plainCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "dev.ringnet.server.Main"));
        command.addAll(List.of(args));
        return command;
    }
}
