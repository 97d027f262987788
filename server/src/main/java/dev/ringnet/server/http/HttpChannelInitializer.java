package dev.ringnet.server.http;

import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.net.ByteCounter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * Builds each HTTP connection's pipeline, from the socket inwards:
 * <pre>
 * bytes          count bytes in and out (wire bytes, TLS records included)
 * tls            (with --tls-cert) SslHandler, JDK provider
 * timeouts       idle and write-stall timeouts, and the slowloris defence: the request head must arrive in time
 * codec          HttpServerCodec: line and header limits; rejects Content-Length with Transfer-Encoding
 * observer       responses by status, request durations, connection state
 * chunked        (TLS or --zero-copy off) ChunkedWriteHandler: files as chunks read through Java
 * aggregator     whole requests, body bounded by --max-body-size (413 in turn)
 * exchange       answers in order, one route at a time; keep-alive and shutdown
 * </pre>
 * Shared by all connections of the HTTP listener; called on each connection's event loop.
 */
public final class HttpChannelInitializer extends ChannelInitializer<Channel> {
    /** Request line bytes allowed beyond the URI limit: method, spaces and version. */
    private static final int REQUEST_LINE_OVERHEAD = 64;
    /** Body bytes per HttpContent the codec produces. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    /**
     * The decoder's scratch buffer, into which it copies each request and header line, starts this small (Netty's
     * default is 128) and grows to the longest line seen: an idle connection whose lines were short holds 64 bytes
     * less. Behaviour is the same; the limits are the max-header-size and max-uri-length ones.
     */
    private static final int INITIAL_LINE_BUFFER = 64;

    private final ServerContext server;
    private final Router router;
    private final SslContext ssl;
    private final ByteCounter bytes;

    /**
     * @param ssl the TLS context, or null for plain HTTP
     */
    public HttpChannelInitializer(ServerContext server, Router router, SslContext ssl, ByteCounter bytes) {
        this.server = server;
        this.router = router;
        this.ssl = ssl;
        this.bytes = bytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        ServerConfig config = server.config();
        HttpConnectionState state = new HttpConnectionState();
        ChannelPipeline p = ch.pipeline();
        p.addLast("bytes", bytes);
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(ch.alloc()));
        }
        HttpConnectionTimeouts timeouts = new HttpConnectionTimeouts(config, state, server.metrics());
        p.addLast("timeouts", timeouts);
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxUriLength() + REQUEST_LINE_OVERHEAD)
                .setMaxHeaderSize(config.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setInitialBufferSize(INITIAL_LINE_BUFFER)));
        p.addLast("observer", new HttpObserver(server.metrics(), state, timeouts));
        if (!config.fileRegions()) {
            p.addLast("chunked", new ChunkedWriteHandler());
        }
        p.addLast("aggregator", new BodyAggregator(config.maxBodySize()));
        p.addLast("exchange", new HttpExchangeHandler(server, router, state));
    }
}
