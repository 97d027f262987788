package dev.ringnet.server.http.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path checks on their own, including the symbolic link cases, without a server. */
class SafePathsTest {
    @TempDir
    Path base;
    Path root;

    @BeforeEach
    void site() throws Exception {
        root = Files.createDirectory(base.resolve("root")).toRealPath();
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("caf\u00e9.txt"), "c");
        Files.createDirectories(root.resolve("d/e"));
        Files.writeString(root.resolve("d/index.html"), "i");
        Files.writeString(base.resolve("secret"), "s");
        Files.createSymbolicLink(root.resolve("out"), base.resolve("secret"));
        Files.createSymbolicLink(root.resolve("in"), root.resolve("a.txt"));
        Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
    }

    private HttpResponseStatus status(String raw) {
        return SafePaths.lookup(root, raw).status();
    }

    @Test
    void filesUnderTheRootAreFound() throws Exception {
        assertEquals(root.resolve("a.txt"), SafePaths.lookup(root, "/a.txt").file());
        assertEquals(root.resolve("a.txt"), SafePaths.lookup(root, "//a.txt").file());
        assertEquals(root.resolve("caf\u00e9.txt"), SafePaths.lookup(root, "/caf%C3%A9.txt").file());
        assertEquals(root.resolve("d/index.html"), SafePaths.lookup(root, "/d/").file());
        assertEquals(root.resolve("a.txt"), SafePaths.lookup(root, "/in").file(), "a link inside the root is fine");
        assertEquals(HttpResponseStatus.MOVED_PERMANENTLY, status("/d"));
    }

    @Test
    void traversalIsRefusedInEveryForm() {
        for (String raw : new String[] {"/../secret", "/d/../../secret", "/%2e%2e/secret", "/%2E%2e/secret",
                "/%252e%252e/secret", "/..%2Fsecret", "/..%5Csecret", "/..\\secret", "/a.txt%00", "/%00",
                "/%c0%ae%c0%ae/secret", "/%", "/%2", "/%zz", "/./a.txt", "/d/./index.html", "relative",
                "/a\u0001b", "/caf\u00e9.txt"}) {
            assertEquals(HttpResponseStatus.BAD_REQUEST, status(raw), raw);
            assertNull(SafePaths.lookup(root, raw).file(), raw);
        }
    }

    @Test
    void linksOutOfTheRootAreForbiddenAndOddEntriesNotFound() {
        assertEquals(HttpResponseStatus.FORBIDDEN, status("/out"));
        assertEquals(HttpResponseStatus.NOT_FOUND, status("/loop"));
        assertEquals(HttpResponseStatus.NOT_FOUND, status("/.git/config"));
        assertEquals(HttpResponseStatus.NOT_FOUND, status("/missing"));
        assertEquals(HttpResponseStatus.NOT_FOUND, status("/d/e/"), "a directory without index.html");
    }
}
