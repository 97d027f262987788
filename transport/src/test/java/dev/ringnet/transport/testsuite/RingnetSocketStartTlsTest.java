package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketStartTlsTest;
import java.util.List;

/** Netty's {@link SocketStartTlsTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketStartTlsTest extends SocketStartTlsTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.socket();
    }
}
