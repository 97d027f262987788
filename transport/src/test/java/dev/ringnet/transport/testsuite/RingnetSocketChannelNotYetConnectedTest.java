package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketChannelNotYetConnectedTest;
import java.util.List;

/** Netty's {@link SocketChannelNotYetConnectedTest} on this transport's client channel. */
class RingnetSocketChannelNotYetConnectedTest extends SocketChannelNotYetConnectedTest {
    @Override
    protected List<BootstrapFactory<Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.clientSocket();
    }
}
