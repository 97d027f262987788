package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketShutdownOutputByPeerTest;
import java.util.List;

/** Netty's {@link SocketShutdownOutputByPeerTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketShutdownOutputByPeerTest extends SocketShutdownOutputByPeerTest {
    @Override
    protected List<BootstrapFactory<ServerBootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.serverSocket();
    }
}
