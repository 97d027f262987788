package dev.ringnet.transport.testsuite;

import dev.ringnet.transport.UringIoHandler;
import dev.ringnet.transport.UringServerSocketChannel;
import dev.ringnet.transport.UringSocketChannel;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import java.util.List;

/**
 * Netty's socket testsuite run against this transport: our server with our client, our server with NIO's client, and
 * NIO's server with our client. The feature set comes from {@code -Dringnet.transport.features} (full or minimal),
 * so the same classes test both.
 */
public final class RingnetSocketTestPermutation extends SocketTestPermutation {
    static final RingnetSocketTestPermutation INSTANCE = new RingnetSocketTestPermutation();

    /** Accepting on its own loop, as Netty's permutations do: some tests block a loop in a handler on purpose. */
    private final EventLoopGroup ringnetBoss = new MultiThreadIoEventLoopGroup(1, UringIoHandler.newFactory());
    private final EventLoopGroup ringnetWorkers =
            new MultiThreadIoEventLoopGroup(NUM_THREADS, UringIoHandler.newFactory());

    private final BootstrapFactory<ServerBootstrap> ourServer =
            () -> new ServerBootstrap().group(ringnetBoss, ringnetWorkers).channel(UringServerSocketChannel.class);
    private final BootstrapFactory<Bootstrap> ourClient =
            () -> new Bootstrap().group(ringnetWorkers).channel(UringSocketChannel.class);
    private final BootstrapFactory<ServerBootstrap> nioServer =
            () -> new ServerBootstrap().group(NIO_GROUP).channel(NioServerSocketChannel.class);
    private final BootstrapFactory<Bootstrap> nioClient =
            () -> new Bootstrap().group(NIO_GROUP).channel(NioSocketChannel.class);

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socket() {
        return List.of(pair(ourServer, ourClient), pair(ourServer, nioClient), pair(nioServer, ourClient));
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        return List.of(ourServer);
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        return List.of(ourClient);
    }

    private static BootstrapComboFactory<ServerBootstrap, Bootstrap> pair(BootstrapFactory<ServerBootstrap> server,
            BootstrapFactory<Bootstrap> client) {
        return new BootstrapComboFactory<>() {
            @Override
            public ServerBootstrap newServerInstance() {
                return server.newInstance();
            }

            @Override
            public Bootstrap newClientInstance() {
                return client.newInstance();
            }
        };
    }
}
