package dev.ringnet.server.container;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Ulimit;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * What a container test's server runs under: a seccomp profile from {@code docker/seccomp/} and, optionally, an
 * RLIMIT_MEMLOCK ({@code docker run --ulimit memlock=N:N}). Immutable.
 *
 * @param profile       file name in {@code docker/seccomp/}
 * @param memlockBytes  the memlock limit, soft and hard, or -1 for the engine's default
 */
public record Sandbox(String profile, long memlockBytes) {
    /** The memlock limit of the "allowed" sandbox: today's usual default, set so that no engine's default matters. */
    static final long ENOUGH_MEMLOCK = 8L << 20;

    /** Docker's default profile plus io_uring allowed, and {@link #ENOUGH_MEMLOCK} of locked memory. */
    public static Sandbox ioUringAllowed() {
        return new Sandbox("io_uring-allowed.json", ENOUGH_MEMLOCK);
    }

    /** Docker's default profile plus io_uring_setup, io_uring_enter and io_uring_register denied with EPERM. */
    public static Sandbox ioUringBlocked() {
        return new Sandbox("io_uring-blocked.json", -1);
    }

    /** This sandbox with RLIMIT_MEMLOCK set to {@code bytes}. */
    public Sandbox withMemlock(long bytes) {
        return new Sandbox(profile, bytes);
    }

    /** Applies the profile and the limit to a container about to be created. */
    public void applyTo(CreateContainerCmd cmd) {
        String json;
        try {
            json = Files.readString(ServerImage.home().resolve("docker/seccomp").resolve(profile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the seccomp profile " + profile + ": " + e, e);
        }
        // The API takes the profile's text; the docker CLI reads the file given to --security-opt for us.
        cmd.getHostConfig().withSecurityOpts(List.of("seccomp=" + json));
        if (memlockBytes >= 0) {
            cmd.getHostConfig().withUlimits(List.of(new Ulimit("memlock", memlockBytes, memlockBytes)));
        }
    }

    @Override
    public String toString() {
        return "seccomp=" + profile + (memlockBytes >= 0 ? " memlock=" + memlockBytes : "");
    }
}
