package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketFixedLengthEchoTest;
import java.util.List;

/** Netty's {@link SocketFixedLengthEchoTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketFixedLengthEchoTest extends SocketFixedLengthEchoTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.socket();
    }
}
