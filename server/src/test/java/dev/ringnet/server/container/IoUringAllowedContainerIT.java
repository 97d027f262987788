package dev.ringnet.server.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A container whose seccomp profile allows io_uring: {@code auto} picks our transport, and it serves. */
class IoUringAllowedContainerIT {
    @BeforeAll
    static void needsDocker() {
        DockerRequirement.check();
    }

    @Test
    void autoPicksFfmIoUringAndHttpAndEchoWork() throws Exception {
        try (ServerContainer server = ServerContainer.serve(Sandbox.ioUringAllowed())) {
            ContainerReport.record("IoUringAllowedContainerIT", "transport=" + server.transport() + " ("
                    + Sandbox.ioUringAllowed() + ")");
            assertEquals("ffm-io_uring", server.transport(), server.stderr());
            assertEquals(List.of(), server.skippedTransportLines(), "no transport skipped");
            ServerContainer.assertNoStackTrace(server.stderr());
            Traffic.assertHelloAnswers(server.httpPort());
            Traffic.assertEchoes(server.echoPort());
        }
    }
}
