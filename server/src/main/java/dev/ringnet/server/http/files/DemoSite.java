package dev.ringnet.server.http.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The small site served when no {@code --root} is given, shipped as class path resources and copied to a
 * temporary directory at startup (files are served from a real directory, so that they go out zero-copy like any
 * other). The directory is removed by {@link #delete()} or, failing that, when the JVM exits.
 */
public final class DemoSite {
    private static final String RESOURCE_DIR = "/dev/ringnet/server/demo-site/";
    /** Resources are not listable inside a jar: the site's files by name. */
    private static final List<String> FILES = List.of("index.html", "style.css", "hello.txt", "ringnet.svg");

    private final Path directory;

    private DemoSite(Path directory) {
        this.directory = directory;
    }

    /**
     * Copies the site to a new temporary directory.
     *
     * @throws IOException if the directory cannot be made or written, or a resource is missing from the jar
     */
    public static DemoSite extract() throws IOException {
        Path dir = Files.createTempDirectory("ringnet-demo-site-");
        DemoSite site = new DemoSite(dir);
        try {
            for (String name : FILES) {
                try (InputStream in = DemoSite.class.getResourceAsStream(RESOURCE_DIR + name)) {
                    if (in == null) {
                        throw new IOException("demo site resource missing from the class path: " + RESOURCE_DIR
                                + name);
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                site.delete();
            } catch (UncheckedIOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        // deleteOnExit runs in reverse order of registration: files first, then the directory.
        dir.toFile().deleteOnExit();
        for (String name : FILES) {
            dir.resolve(name).toFile().deleteOnExit();
        }
        return site;
    }

    /** Where the site's files are. */
    public Path directory() {
        return directory;
    }

    /** Removes the directory and its files. */
    public void delete() {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the demo site at " + directory, e);
        }
    }
}
