package dev.ringnet.server.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One line per container test saying what the server did (the transport it picked, or how it exited), printed
 * and appended to {@code target/container-its.txt} of the module whose tests run (failsafe's working directory:
 * {@code server/} or {@code bench/}), which {@code ci/test} shows after its totals.
 */
public final class ContainerReport {
    private ContainerReport() {
    }

    /** Records {@code line} for the test {@code test} (class and method). */
    public static synchronized void record(String test, String line) throws IOException {
        String text = test + ": " + line;
        System.out.println("[container] " + text);
        Path file = Path.of("target", "container-its.txt");
        Files.writeString(file, text + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
