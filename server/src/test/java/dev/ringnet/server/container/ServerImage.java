package dev.ringnet.server.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * An image the container tests run, built once per JVM from the repository's {@code Dockerfile}: {@link #SERVER}
 * (stage {@code prebuilt}: the server's jars) or {@link #BENCH} (stage {@code prebuilt-bench}: the server's and the
 * bench's jars, and wrk), from the jars this build just packaged ({@code MODULE/target}), on the base image named by
 * {@code CONTAINER_TESTS_BASE_IMAGE} (default: the image's own; {@code ci/test} passes the locally built
 * {@code ringnet/jdk25-base}).
 *
 * <p>The build context is made of exactly the files the stage copies, so nothing is sent twice and no base image
 * is pulled ahead (Testcontainers pulls the {@code FROM} images only of a Dockerfile given as a path). Thread-safe.
 */
public final class ServerImage {
    /** The server image, as {@code docker build --target prebuilt} makes it. */
    public static final ServerImage SERVER = new ServerImage("ringnet/server-it:latest", "prebuilt",
            List.of("server"), "eclipse-temurin:25-jre");
    /**
     * The bench image, as {@code docker build --target prebuilt-bench} makes it: a JDK by default, since the bench's
     * idle scenario needs jcmd. Usable once the bench module is packaged (its failsafe tests).
     */
    public static final ServerImage BENCH = new ServerImage("ringnet/bench-it:latest", "prebuilt-bench",
            List.of("server", "bench"), "eclipse-temurin:25-jdk");

    private final String tag;
    private final String stage;
    /** The modules whose jar and lib/ the stage copies from MODULE/target. */
    private final List<String> modules;
    private final String defaultBase;
    private String built;

    private ServerImage(String tag, String stage, List<String> modules, String defaultBase) {
        this.tag = tag;
        this.stage = stage;
        this.modules = modules;
        this.defaultBase = defaultBase;
    }

    /** The repository's root (the failsafe property {@code ringnet.home}). */
    public static Path home() {
        return Path.of(System.getProperty("ringnet.home", "..")).toAbsolutePath().normalize();
    }

    /** The base image the stage starts from. */
    public String baseImage() {
        String base = System.getenv("CONTAINER_TESTS_BASE_IMAGE");
        return base == null || base.isBlank() ? defaultBase : base;
    }

    /** Builds the image on first call (some seconds on a warm layer cache) and returns its name. */
    public synchronized String name() throws Exception {
        if (built != null) {
            return built;
        }
        Path home = home();
        ImageFromDockerfile image = new ImageFromDockerfile(tag, false)
                .withFileFromPath("Dockerfile", home.resolve("Dockerfile"))
                .withFileFromPath("bin/ringnet", home.resolve("bin/ringnet"));
        for (String module : modules) {
            Path target = home.resolve(module).resolve("target");
            Path jar = moduleJar(target, module);
            image.withFileFromPath(module + "/target/" + jar.getFileName(), jar)
                    .withFileFromPath(module + "/target/lib", target.resolve("lib"));
        }
        built = image.withTarget(stage)
                .withBuildArg("BASE_IMAGE", baseImage())
                // Build steps get the host's network: the engine here has no bridge, and a fresh base may need apt.
                .withBuildImageCmdModifier(cmd -> cmd.withNetworkMode("host"))
                .get();
        return built;
    }

    private static Path moduleJar(Path target, String module) throws Exception {
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("ringnet-" + module + "-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                            + ": run package"));
        }
    }

    @Override
    public String toString() {
        return "stage " + stage + " on " + baseImage();
    }
}
