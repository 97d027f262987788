package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.CompositeBufferGatheringWriteTest;
import java.util.List;

/** Netty's {@link CompositeBufferGatheringWriteTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetCompositeBufferGatheringWriteTest extends CompositeBufferGatheringWriteTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.socket();
    }
}
