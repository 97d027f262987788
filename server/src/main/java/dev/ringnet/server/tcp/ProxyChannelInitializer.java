package dev.ringnet.server.tcp;

import dev.ringnet.server.http.ServerContext;
import dev.ringnet.server.net.ByteCounter;
import dev.ringnet.server.net.ConnectionTimeouts;
import dev.ringnet.server.transports.TransportKind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Builds each proxied client connection's pipeline: byte counts, idle and write-stall timeouts, and a
 * {@link ProxyFrontend} that connects upstream and becomes a {@link Relay}. Shared by all connections of the proxy
 * listener; called on each connection's event loop.
 */
public final class ProxyChannelInitializer extends ChannelInitializer<Channel> {
    private final ServerContext server;
    private final TransportKind transport;
    private final ByteCounter bytes;

    /** Proxies to the server's {@code --upstream} on {@code transport}, counting bytes with {@code bytes}. */
    public ProxyChannelInitializer(ServerContext server, TransportKind transport, ByteCounter bytes) {
        this.server = server;
        this.transport = transport;
        this.bytes = bytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("bytes", bytes)
                .addLast("timeouts", ConnectionTimeouts.of(server.config(), server.metrics()))
                .addLast("proxy", new ProxyFrontend(server.config().upstream(), transport,
                        server.config().zeroCopy(), server.metrics().listener("proxy")));
    }
}
