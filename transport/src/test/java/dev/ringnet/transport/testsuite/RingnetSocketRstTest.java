package dev.ringnet.transport.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ringnet.linux.Errno;
import dev.ringnet.linux.ErrnoException;
import dev.ringnet.transport.UringSocketChannel;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketRstTest;
import java.io.IOException;
import java.util.List;

/** Netty's {@link SocketRstTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketRstTest extends SocketRstTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.socket();
    }

    /** Our channels report the reset as the errno itself, like Netty's native transports do. */
    @Override
    protected void assertRstOnCloseException(IOException cause, Channel clientChannel) {
        if (!(clientChannel instanceof UringSocketChannel)) {
            super.assertRstOnCloseException(cause, clientChannel);
            return;
        }
        ErrnoException e = assertInstanceOf(ErrnoException.class, cause, "actual: " + cause);
        assertEquals(Errno.ECONNRESET, e.errno(), e.getMessage());
    }
}
