package dev.ringnet.server;

import dev.ringnet.server.caption.CaptionService;
import dev.ringnet.server.config.ConfigException;
import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.http.HttpChannelInitializer;
import dev.ringnet.server.http.HttpRoutes;
import dev.ringnet.server.http.Router;
import dev.ringnet.server.http.ServerContext;
import dev.ringnet.server.http.files.DemoSite;
import dev.ringnet.server.metrics.ServerMetrics;
import dev.ringnet.server.net.ByteCounter;
import dev.ringnet.server.net.ConnectionGate;
import dev.ringnet.server.net.Connections;
import dev.ringnet.server.net.TlsContexts;
import dev.ringnet.server.tcp.EchoChannelInitializer;
import dev.ringnet.server.tcp.ProxyChannelInitializer;
import dev.ringnet.server.transports.Causes;
import dev.ringnet.server.transports.TransportKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: its event loops on the chosen transport, its listeners (HTTP, and TCP echo and proxy when
 * configured), its metrics and worker threads.
 *
 * <p>{@link #start} returns once every listener is bound. {@link #shutdownGracefully} stops accepting at once,
 * lets in-flight HTTP requests finish (their answers close their connections), closes idle connections, and cuts
 * whatever is left when {@code --shutdown-timeout} runs out; {@link #close} does the same without waiting. Any
 * thread; shutting down twice is harmless.
 */
public final class RingnetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RingnetServer.class);
    private static final int BACKLOG = 1024;
    /** Time kept back from the shutdown timeout for closing what is left and stopping the event loops. */
    private static final long SHUTDOWN_RESERVE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ServerConfig config;
    private final TransportKind transport;
    private final ServerMetrics metrics;
    private final CaptionService captions;
    private final Connections connections;
    private final DemoSite demoSite;
    private final ServerContext context;
    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private InetSocketAddress httpAddress;
    private InetSocketAddress echoAddress;
    private InetSocketAddress proxyAddress;
    private InetSocketAddress metricsAddress;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private RingnetServer(ServerConfig config, TransportKind transport, DemoSite demoSite, Path realRoot,
                          CaptionService captions) {
        this.config = config;
        this.transport = transport;
        this.demoSite = demoSite;
        this.metrics = new ServerMetrics(transport.displayName());
        this.captions = captions;
        metrics.captionQueue(captions::queuedRenders);
        metrics.allocator(config.allocator().displayName(), config.allocator().metric());
        this.connections = new Connections(config.maxConnections());
        this.context = new ServerContext(config, realRoot, metrics, captions);
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("ringnet-io"),
                transport.ioHandlerFactory(config.sqPollIdle()));
    }

    /**
     * Starts a server with the standard routes. See {@link #start(ServerConfig, TransportKind, UnaryOperator)}.
     */
    public static RingnetServer start(ServerConfig config, TransportKind transport)
            throws ConfigException, StartupException {
        return start(config, transport, UnaryOperator.identity());
    }

    /**
     * Starts a server on {@code transport} (which must be available) and returns once its listeners are bound.
     *
     * @param routes lets the caller add or replace routes of {@link HttpRoutes#standard} before they are built
     * @throws ConfigException  if the TLS files cannot be used
     * @throws StartupException if a listener cannot be bound or the static files cannot be prepared
     */
    public static RingnetServer start(ServerConfig config, TransportKind transport,
                                      UnaryOperator<Router.Builder> routes) throws ConfigException, StartupException {
        SslContext ssl = TlsContexts.serverContext(config);
        DemoSite demoSite = null;
        Path realRoot;
        try {
            if (config.root() == null) {
                demoSite = DemoSite.extract();
            }
            realRoot = (demoSite != null ? demoSite.directory() : config.root()).toRealPath();
        } catch (IOException e) {
            if (demoSite != null) {
                demoSite.delete();
            }
            throw new StartupException("cannot prepare the static files: " + e.getMessage(), e);
        }
        CaptionService captions;
        try {
            captions = new CaptionService(config.caption());
        } catch (RuntimeException e) {
            if (demoSite != null) {
                demoSite.delete();
            }
            throw new StartupException("cannot start the /caption renderer: " + e.getMessage(), e);
        }
        RingnetServer server;
        try {
            server = new RingnetServer(config, transport, demoSite, realRoot, captions);
        } catch (RuntimeException | Error e) {
            // Ring setup (ENOMEM under a small memlock limit, say) or a native library failing in an event loop.
            captions.close(0);
            if (demoSite != null) {
                demoSite.delete();
            }
            // Netty wraps the transport's own explanation ("failed to create a child event loop"): keep both.
            throw new EventLoopStartException(transport, Causes.oneLine(e), e);
        }
        try {
            server.bindAll(ssl, routes.apply(HttpRoutes.standard(server.context)).build());
        } catch (StartupException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bindAll(SslContext ssl, Router router) throws StartupException {
        httpAddress = bind("http", config.httpPort(), true, false,
                new HttpChannelInitializer(context, router, ssl, new ByteCounter(metrics.listener("http"))));
        if (config.echoPort() >= 0) {
            echoAddress = bind("echo", config.echoPort(), false, false,
                    new EchoChannelInitializer(context, new ByteCounter(metrics.listener("echo"))));
        }
        if (config.proxyPort() >= 0) {
            proxyAddress = bind("proxy", config.proxyPort(), false, true,
                    new ProxyChannelInitializer(context, transport, new ByteCounter(metrics.listener("proxy"))));
        }
        if (config.metricsAddress() != null) {
            // Plain HTTP even when the HTTP port serves TLS: meant for a private address a scraper reaches.
            metricsAddress = bind("metrics", config.metricsAddress(), true, false,
                    new HttpChannelInitializer(context, HttpRoutes.metricsOnly(), null,
                            new ByteCounter(metrics.listener("metrics"))));
        }
    }

    private InetSocketAddress bind(String name, int port, boolean drainable, boolean proxy, ChannelHandler children)
            throws StartupException {
        return bind(name, new InetSocketAddress(config.bind(), port), drainable, proxy, children);
    }

    private InetSocketAddress bind(String name, InetSocketAddress address, boolean drainable, boolean proxy,
                                   ChannelHandler children) throws StartupException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, config.allocator().allocator())
                .handler(new ConnectionGate(connections, metrics.listener(name), drainable))
                .childOption(ChannelOption.ALLOCATOR, config.allocator().allocator())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(children);
        if (!drainable) {
            // Echo and proxy pass a client's half-close on; HTTP closes on EOF as Netty's codec expects.
            bootstrap.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        if (proxy) {
            // Nothing is read from a proxy client until the upstream connection exists.
            bootstrap.childOption(ChannelOption.AUTO_READ, false);
        }
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new StartupException("cannot listen for " + name + " on " + format(address) + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        listeners.add(bound.channel());
        return (InetSocketAddress) bound.channel().localAddress();
    }

    /** The transport this server runs on. */
    public TransportKind transport() {
        return transport;
    }

    /** The HTTP listener's bound address (the real port when 0 was asked for). */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** The echo listener's bound address, or null when there is none. */
    public InetSocketAddress echoAddress() {
        return echoAddress;
    }

    /** The proxy listener's bound address, or null when there is none. */
    public InetSocketAddress proxyAddress() {
        return proxyAddress;
    }

    /** The separate metrics listener's bound address ({@code --metrics-address}), or null when there is none. */
    public InetSocketAddress metricsAddress() {
        return metricsAddress;
    }

    /** What routes see of this server: configuration, metrics, the caption renderer. */
    public ServerContext context() {
        return context;
    }

    /** Open connections over all listeners. */
    public int openConnections() {
        return connections.count();
    }

    /**
     * The one line scripts parse:
     * {@code ringnet started transport=NAME http=HOST:PORT echo=HOST:PORT|off proxy=HOST:PORT|off
     * metrics=HOST:PORT|off tls=on|off pid=N} ({@code metrics} is the separate listener of {@code --metrics-address}).
     */
    public String startupLine(long pid) {
        return "ringnet started transport=" + transport.displayName() + " http=" + format(httpAddress)
                + " echo=" + format(echoAddress) + " proxy=" + format(proxyAddress) + " metrics="
                + format(metricsAddress) + " tls="
                + (config.tls() ? "on" : "off") + " pid=" + pid;
    }

    /** {@code HOST:PORT}, IPv6 hosts in their short form in brackets ({@code [::1]:8080}); {@code off} for null. */
    static String format(InetSocketAddress address) {
        if (address == null) {
            return "off";
        }
        String host = NetUtil.toAddressString(address.getAddress()); // RFC 5952: ::1, not 0:0:0:0:0:0:0:1
        return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * Stops accepting, lets in-flight requests finish within {@code --shutdown-timeout}, then stops. Returns when
     * the server has stopped. A second call waits for the first.
     */
    public void shutdownGracefully() throws InterruptedException {
        if (!shutdownStarted.compareAndSet(false, true)) {
            terminated.await();
            return;
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        try {
            context.startDraining();
            closeListeners();
            int open = connections.count();
            log.info("shutting down: stopped accepting; waiting up to {} ms for {} connection(s)",
                    config.shutdownTimeout().toMillis(), open);
            connections.drainAll();
            long drainBudget = Math.max(0, deadline - System.nanoTime()
                    - Math.min(SHUTDOWN_RESERVE_NANOS, config.shutdownTimeout().toNanos() / 4));
            if (!connections.awaitAllClosed(drainBudget)) {
                log.warn("shutdown timeout: closing {} connection(s) still busy", connections.count());
                connections.closeAll();
            }
            stop(deadline);
            log.info("stopped");
        } finally {
            terminated.countDown();
        }
    }

    /** Waits until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Stops at once: closes listeners and connections without waiting for requests. Returns when stopped. */
    @Override
    public void close() {
        if (!shutdownStarted.compareAndSet(false, true)) {
            awaitTerminationUninterruptibly();
            return;
        }
        try {
            context.startDraining();
            closeListeners();
            connections.closeAll();
            stop(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminated.countDown();
        }
    }

    private void awaitTerminationUninterruptibly() {
        boolean interrupted = false;
        while (terminated.getCount() > 0) {
            try {
                terminated.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeListeners() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
    }

    private void stop(long deadline) throws InterruptedException {
        long left = Math.max(0, deadline - System.nanoTime());
        // Every connection is closed by now: a render still running has nobody to answer.
        captions.close(left / 2);
        // No quiet period: nothing new can arrive once the listeners and connections are closed.
        group.shutdownGracefully(0, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS)
                .await(Math.max(100, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS);
        if (demoSite != null) {
            demoSite.delete();
        }
    }
}
