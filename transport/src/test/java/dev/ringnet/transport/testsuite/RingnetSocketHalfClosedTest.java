package dev.ringnet.transport.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketHalfClosedTest;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Netty's {@link SocketHalfClosedTest} on this transport (see {@link RingnetSocketTestPermutation}). */
class RingnetSocketHalfClosedTest extends SocketHalfClosedTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return RingnetSocketTestPermutation.INSTANCE.socket();
    }

    /**
     * This case blocks the leader's event loop in {@code channelActive} until the peer has reset the connection,
     * then writes, and needs that write to fail before the loop sees the reset on the read side. A transport that
     * writes with a syscall inside {@code flush} gives that order; on a ring the write is an SQE submitted after the
     * handler returns, its failure arrives as a completion behind the reset already reported for the read side, and
     * while the loop is blocked the first write is never submitted at all, so the case deadlocks the shared loop and
     * every test after it. Netty disables it for its own io_uring transport for the same reason
     * ({@code IoUringSocketHalfClosedTest}); the README lists it.
     */
    @Test
    @Override
    @Disabled("blocks the event loop and assumes flush writes synchronously; see the javadoc")
    public void testAutoCloseFalseDoesShutdownOutput(TestInfo testInfo) {
    }
}
