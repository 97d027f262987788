package dev.ringnet.server.container;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether the container tests can run: a Docker engine must answer. Without one they skip with that reason on a
 * developer's machine; with {@code CONTAINER_TESTS_REQUIRED=1} (set by {@code ci/test}, which starts the engine) a
 * missing engine fails them instead, so CI cannot pass by skipping them.
 */
public final class DockerRequirement {
    static final String REQUIRE_VARIABLE = "CONTAINER_TESTS_REQUIRED";

    private DockerRequirement() {
    }

    /** Returns when Docker answers; otherwise aborts the test (skip) or fails it, as described above. */
    public static void check() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        String reason = "no Docker engine answers (start one, e.g. ci/docker-engine as root)";
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            fail(reason + ", and " + REQUIRE_VARIABLE + "=1 says the container tests must run");
        }
        Assumptions.abort(reason);
    }
}
