package dev.ringnet.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup warning for a server running as root: it needs no privilege (ports above 1023, files it can read),
 * and a flaw in it would then be a flaw with every privilege. Said once per process, however many servers a test
 * starts. Any thread.
 */
final class RootWarning {
    private static final Logger log = LoggerFactory.getLogger(RootWarning.class);
    /** The user the container image runs the server as (see the Dockerfile). */
    static final int IMAGE_UID = 10001;
    private static final AtomicBoolean warned = new AtomicBoolean();

    private RootWarning() {
    }

    /** Logs the warning if this process's effective user is root and nothing has warned yet. */
    static void logIfRoot() {
        if (warned.get()) {
            return;
        }
        int uid = effectiveUid();
        String warning = warningFor(uid);
        if (warning != null && !warned.getAndSet(true)) {
            log.warn(warning);
        }
    }

    /** The warning for a process whose effective user is {@code uid}, or null when it needs none (or -1, unknown). */
    static String warningFor(int uid) {
        if (uid != 0) {
            return null;
        }
        return "running as root (uid 0): the server needs no privileges for ports above 1023; run it as an"
                + " unprivileged user (the container image uses uid " + IMAGE_UID + ")";
    }

    /** This process's effective user id, or -1 when it cannot be told (no /proc, a file system without owners). */
    static int effectiveUid() {
        try {
            // The owner of /proc/self is the process's effective user (proc(5)); no JNI, no /proc parsing.
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer id ? id : -1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            log.debug("cannot tell whether this process runs as root: {}", e.toString());
            return -1;
        }
    }
}
