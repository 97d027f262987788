package dev.ringnet.server.tcp;

import dev.ringnet.server.http.ServerContext;
import dev.ringnet.server.net.ByteCounter;
import dev.ringnet.server.net.ConnectionTimeouts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Builds each echo connection's pipeline: byte counts, idle and write-stall timeouts, {@link EchoHandler}. Shared
 * by all connections of the echo listener; called on each connection's event loop.
 */
public final class EchoChannelInitializer extends ChannelInitializer<Channel> {
    private static final EchoHandler ECHO = new EchoHandler();

    private final ServerContext server;
    private final ByteCounter bytes;

    /** Echo connections with the server's timeouts, counting bytes with {@code bytes}. */
    public EchoChannelInitializer(ServerContext server, ByteCounter bytes) {
        this.server = server;
        this.bytes = bytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("bytes", bytes)
                .addLast("timeouts", ConnectionTimeouts.of(server.config(), server.metrics()))
                .addLast("echo", ECHO);
    }
}
