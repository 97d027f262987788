package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writing to a connection the peer has reset: the write must fail with an {@link IOException} (the send's
 * ECONNRESET/EPIPE, or ClosedChannelException if the read side saw the reset first), never succeed or hang, and the
 * loop must go on serving. With autoRead off nothing reads, so the reset is first met by the write (or by the
 * POLLRDHUP poll).
 */
class WriteAfterPeerResetTest {
    @ParameterizedTest
    @EnumSource(UringIoHandlerConfig.FeatureSet.class)
    void writeAfterResetFails(UringIoHandlerConfig.FeatureSet features) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                UringIoHandler.newFactory(UringIoHandlerConfig.defaults().withFeatures(features)));
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (boolean autoRead : new boolean[] {true, false}) {
                for (int i = 0; i < 50; i++) {
                    Channel ch = new Bootstrap().group(group).channel(UringSocketChannel.class)
                            .option(ChannelOption.AUTO_READ, autoRead)
                            .handler(new ChannelInboundHandlerAdapter())
                            .connect(new InetSocketAddress(peer.getInetAddress(), peer.getLocalPort())).sync()
                            .channel();
                    try (Socket accepted = peer.accept()) {
                        accepted.setSoLinger(true, 0); // close sends RST
                    }
                    Thread.sleep(20); // let the RST arrive
                    ChannelFuture first = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[64 * 1024]));
                    ChannelFuture second = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[64 * 1024]));
                    assertTrue(second.await(10, TimeUnit.SECONDS), "a write after reset hung");
                    assertFalse(second.isSuccess(), "a write after reset succeeded");
                    assertInstanceOf(IOException.class, second.cause());
                    assertTrue(first.isDone());
                    assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS), "the reset channel never closed");
                }
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
