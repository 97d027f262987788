package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketShutdownOutputBySelfTest;
import java.util.List;

/** Netty's {@link SocketShutdownOutputBySelfTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketShutdownOutputBySelfTest extends SocketShutdownOutputBySelfTest {
    @Override
    protected List<BootstrapFactory<Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.clientSocket();
    }
}
