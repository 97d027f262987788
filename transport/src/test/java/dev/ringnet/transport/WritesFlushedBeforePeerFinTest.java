package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer sends several requests and its FIN at once; the server answers each with its own flushed write and, its
 * channel not allowing half-closure, closes at the EOF. Only one send is in flight at a time, so when the EOF arrives
 * the later answers wait in the outbound buffer: they must still go out before the close, as on epoll and NIO (whose
 * flush writes to the socket at once). Before the fix only the first answer arrived.
 */
class WritesFlushedBeforePeerFinTest {
    private static final int REQUESTS = 4;
    private static final int ANSWER = 64 * 1024;

    @Test
    void answersFlushedBeforeThePeersFinAreAllSent() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(UringServerSocketChannel.class)
                    .childHandler(new AnswerEachByte())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            for (int round = 0; round < 5; round++) {
                try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
                    client.setSoTimeout(10_000);
                    OutputStream out = client.getOutputStream();
                    out.write(new byte[REQUESTS]);
                    client.shutdownOutput();
                    InputStream in = client.getInputStream();
                    long received = in.transferTo(OutputStream.nullOutputStream());
                    assertEquals((long) REQUESTS * ANSWER, received, "round " + round + ": answers lost at the close");
                }
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    /** Writes and flushes one answer of {@link #ANSWER} bytes for every byte received. */
    @ChannelHandler.Sharable
    static final class AnswerEachByte extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                for (int i = buf.readableBytes(); i > 0; i--) {
                    ctx.writeAndFlush(Unpooled.directBuffer(ANSWER).writeZero(ANSWER));
                }
            } finally {
                buf.release();
            }
        }
    }
}
