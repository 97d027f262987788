package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketBufReleaseTest;
import java.util.List;

/** Netty's {@link SocketBufReleaseTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketBufReleaseTest extends SocketBufReleaseTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.socket();
    }
}
