package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketConnectionAttemptTest;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/** Netty's {@link SocketConnectionAttemptTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketConnectionAttemptTest extends SocketConnectionAttemptTest {
    @Override
    protected List<BootstrapFactory<Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.clientSocket();
    }

    /**
     * Not run here: it connects to the suite's unroutable "bad host", an address off this machine, and tests in this
     * project send traffic to loopback only. Overridden without {@code @Test}, so JUnit does not run it.
     */
    @Override
    public void testConnectTimeout(TestInfo testInfo) {
    }

    /** Not run here, for the same reason as {@link #testConnectTimeout}. */
    @Override
    public void testConnectCancellation(TestInfo testInfo) {
    }
}
