package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.WriteBeforeRegisteredTest;
import java.util.List;

/** Netty's {@link WriteBeforeRegisteredTest} on this transport's client channel. */
class RingnetWriteBeforeRegisteredTest extends WriteBeforeRegisteredTest {
    @Override
    protected List<BootstrapFactory<Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.clientSocket();
    }
}
