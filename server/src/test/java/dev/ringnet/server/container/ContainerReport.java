package dev.ringnet.server.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One line per container test saying what the server did (the transport it picked, or how it exited), printed
 * and appended to {@code server/target/container-its.txt}, which {@code ci/test} shows after its totals.
 */
final class ContainerReport {
    private ContainerReport() {
    }

    /** Records {@code line} for the test {@code test} (class and method). */
    static synchronized void record(String test, String line) throws IOException {
        String text = test + ": " + line;
        System.out.println("[container] " + text);
        Path file = ServerImage.home().resolve("server/target/container-its.txt");
        Files.writeString(file, text + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
