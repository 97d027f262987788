package dev.ringnet.server.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The server image the container tests run, built once per JVM from the repository's {@code Dockerfile}, stage
 * {@code prebuilt}: the jars this build just packaged ({@code server/target}) on the base image named by
 * {@code CONTAINER_TESTS_BASE_IMAGE} (default {@value #DEFAULT_BASE}; {@code ci/test} passes the locally built
 * {@code ringnet/jdk25-base}).
 *
 * <p>The build context is made of exactly the files that stage copies, so nothing is sent twice and no base image
 * is pulled ahead (Testcontainers pulls the {@code FROM} images only of a Dockerfile given as a path). Thread-safe.
 */
final class ServerImage {
    static final String DEFAULT_BASE = "eclipse-temurin:25-jre";
    private static final String NAME = "ringnet/server-it:latest";
    private static String built;

    private ServerImage() {
    }

    /** The repository's root (the failsafe property {@code ringnet.home}). */
    static Path home() {
        return Path.of(System.getProperty("ringnet.home", "..")).toAbsolutePath().normalize();
    }

    /** The base image the runtime stage starts from. */
    static String baseImage() {
        String base = System.getenv("CONTAINER_TESTS_BASE_IMAGE");
        return base == null || base.isBlank() ? DEFAULT_BASE : base;
    }

    /** Builds the image on first call (some seconds on a warm layer cache) and returns its name. */
    static synchronized String name() throws Exception {
        if (built != null) {
            return built;
        }
        Path home = home();
        Path target = home.resolve("server/target");
        Path jar;
        try (Stream<Path> jars = Files.list(target)) {
            jar = jars.filter(p -> p.getFileName().toString().matches("ringnet-server-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no server jar in " + target + ": run package"));
        }
        built = new ImageFromDockerfile(NAME, false)
                .withFileFromPath("Dockerfile", home.resolve("Dockerfile"))
                .withFileFromPath("bin/ringnet", home.resolve("bin/ringnet"))
                .withFileFromPath("server/target/" + jar.getFileName(), jar)
                .withFileFromPath("server/target/lib", target.resolve("lib"))
                .withTarget("prebuilt")
                .withBuildArg("BASE_IMAGE", baseImage())
                // Build steps get the host's network: the engine here has no bridge, and a fresh base may need apt.
                .withBuildImageCmdModifier(cmd -> cmd.withNetworkMode("host"))
                .get();
        return built;
    }
}
