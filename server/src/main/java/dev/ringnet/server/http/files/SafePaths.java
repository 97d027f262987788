package dev.ringnet.server.http.files;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps a request path to a file under the root, or says why not, so that nothing outside the root is ever served.
 *
 * <p>Defence in depth, each step on its own enough against the usual attacks:
 * <ol>
 *   <li>the raw path may not hold a backslash, a NUL or a control character, encoded or not;</li>
 *   <li>it is percent-decoded once, strictly (bad escapes and bad UTF-8 are refused), and the result may not hold
 *       {@code %} either, so a double-encoded {@code %252e%252e} never becomes {@code ..} anywhere;</li>
 *   <li>{@code .} and {@code ..} segments are refused outright, not resolved; dot files are not found;</li>
 *   <li>the file's real path (symbolic links followed) must still lie under the root's real path.</li>
 * </ol>
 * Stateless; any thread. Does blocking file system calls (stat, readlink).
 */
public final class SafePaths {
    private SafePaths() {
    }

    /**
     * The outcome of a lookup: a regular file, a directory that needs a trailing slash, or a refusal.
     *
     * @param file     the real path of the file to serve, or null
     * @param status   OK, MOVED_PERMANENTLY (add a slash), or the refusal's status
     * @param detail   why, for the error page
     */
    public record Lookup(Path file, HttpResponseStatus status, String detail) {
        static Lookup found(Path file) {
            return new Lookup(file, HttpResponseStatus.OK, "");
        }

        static Lookup refused(HttpResponseStatus status, String detail) {
            return new Lookup(null, status, detail);
        }
    }

    /**
     * Finds the file for {@code rawPath} (the request path, still percent-encoded, starting with {@code /}) under
     * {@code realRoot} (a real path). A directory is served by its {@code index.html}.
     */
    public static Lookup lookup(Path realRoot, String rawPath) {
        if (!rawPath.startsWith("/")) {
            return Lookup.refused(HttpResponseStatus.BAD_REQUEST, "the path must start with /");
        }
        String raw = rawPath.toLowerCase(Locale.ROOT);
        if (raw.indexOf('\\') >= 0 || raw.contains("%5c") || raw.contains("%00") || hasControl(rawPath)
                || !isAscii(rawPath)) {
            return Lookup.refused(HttpResponseStatus.BAD_REQUEST,
                    "backslashes, control and non-ASCII characters are refused (percent-encode UTF-8)");
        }
        String decoded = percentDecode(rawPath);
        if (decoded == null) {
            return Lookup.refused(HttpResponseStatus.BAD_REQUEST, "malformed percent-encoding");
        }
        if (decoded.indexOf('%') >= 0 || decoded.indexOf('\\') >= 0 || hasControl(decoded)) {
            return Lookup.refused(HttpResponseStatus.BAD_REQUEST, "encoded %, backslashes and control characters"
                    + " are refused");
        }
        Path candidate = realRoot;
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Lookup.refused(HttpResponseStatus.BAD_REQUEST, "dot segments are refused");
            }
            if (segment.startsWith(".")) {
                return Lookup.refused(HttpResponseStatus.NOT_FOUND, "");
            }
            candidate = candidate.resolve(segment);
        }
        if (!candidate.normalize().startsWith(realRoot)) {
            return Lookup.refused(HttpResponseStatus.BAD_REQUEST, "outside the root");
        }
        return resolveReal(realRoot, candidate, decoded.endsWith("/"));
    }

    private static Lookup resolveReal(Path realRoot, Path candidate, boolean slash) {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            return Lookup.refused(HttpResponseStatus.NOT_FOUND, "");
        } catch (IOException e) {
            // Loops of links, permission denied on a directory on the way, a name too long: nothing to serve.
            return Lookup.refused(HttpResponseStatus.NOT_FOUND, "");
        }
        if (!real.startsWith(realRoot)) {
            return Lookup.refused(HttpResponseStatus.FORBIDDEN, "a link leads outside the root");
        }
        if (Files.isDirectory(real)) {
            if (!slash) {
                return new Lookup(null, HttpResponseStatus.MOVED_PERMANENTLY, "");
            }
            return resolveReal(realRoot, real.resolve("index.html"), false);
        }
        if (!Files.isRegularFile(real)) {
            return Lookup.refused(HttpResponseStatus.NOT_FOUND, "");
        }
        if (!Files.isReadable(real)) {
            return Lookup.refused(HttpResponseStatus.FORBIDDEN, "not readable");
        }
        return Lookup.found(real);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Decodes {@code %XX} escapes as UTF-8; null if an escape is malformed or the bytes are not UTF-8. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c); // ASCII: checked by the caller
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
