package dev.ringnet.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * The files the end-to-end tests serve, made once per JVM in a temporary directory:
 * <pre>
 * root/hello.txt          small text
 * root/page.html          content type by extension
 * root/empty.bin          zero bytes
 * root/big.bin            64 MiB of seeded random bytes (SHA-256 in {@link #bigSha256()})
 * root/dir/index.html     served for /dir/
 * root/.hidden            a dot file: never served
 * root/escape.txt         a symbolic link to ../secret.txt, outside the root: never served
 * root/dirlink            a symbolic link to the directory holding the root: never served
 * secret.txt              beside the root: must never be served
 * </pre>
 */
public final class TestSite {
    /** Bytes of big.bin. */
    public static final int BIG_SIZE = 64 << 20;
    /** Text of secret.txt, which no response may ever contain. */
    public static final String SECRET = "TOP-SECRET-outside-the-root";
    public static final String HELLO = "hello from the test site\n";

    private static Path base;
    private static String bigSha256;

    private TestSite() {
    }

    /** The root directory (made on first call). */
    public static synchronized Path root() {
        if (base == null) {
            try {
                base = make();
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("making the test site", e);
            }
        }
        return base.resolve("root");
    }

    /** SHA-256 of big.bin, hex. */
    public static synchronized String bigSha256() {
        root();
        return bigSha256;
    }

    private static Path make() throws IOException, NoSuchAlgorithmException {
        Path dir = Files.createTempDirectory("ringnet-test-site-");
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.writeString(root.resolve("page.html"), "<!doctype html><title>t</title>\n");
        Files.write(root.resolve("empty.bin"), new byte[0]);
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/index.html"), "<p>index of dir</p>\n");
        Files.writeString(root.resolve(".hidden"), SECRET);
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(root.resolve("escape.txt"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("dirlink"), dir);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(root.resolve("big.bin"))) {
            for (int i = 0; i < BIG_SIZE / chunk.length; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        bigSha256 = HexFormat.of().formatHex(sha.digest());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "test-site-delete"));
        return dir;
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of {@code bytes}, hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** UTF-8 bytes of {@code s}. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
