package dev.ringnet.server.config;

import static dev.ringnet.server.config.ServerOption.*;

import dev.ringnet.server.caption.CaptionConfig;
import dev.ringnet.server.net.AllocatorKind;
import dev.ringnet.server.transports.TransportKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything {@code ringnet serve} runs with, validated: a value here is one the server can start with (ports in
 * range, files that exist), though a port may still turn out to be taken. Immutable; any thread.
 *
 * @param bind            address every listener binds
 * @param httpPort        HTTP port, 0 for any free one
 * @param echoPort        TCP echo port, 0 for any free one, -1 for none
 * @param proxyPort       TCP proxy port, 0 for any free one, -1 for none
 * @param upstream        where the proxy connects (resolved), or null without a proxy
 * @param metricsAddress  where the separate /metrics listener binds (port 0 for any free one), or null when
 *                        /metrics is served on the HTTP port
 * @param root            directory of static files, or null for the bundled demo site
 * @param transport       {@code auto} or a {@link TransportKind#displayName()}
 * @param ioThreads       event loop threads
 * @param sqPollIdle      ffm-io_uring's SQPOLL threads sleep after this long without work; null: no SQPOLL
 * @param caption         the {@code /caption} renderer: its worker threads, queue, caches and deadline
 * @param allocator       buffer allocator
 * @param zeroCopy        files as file regions, the proxy spliced where the transport can (off: through buffers)
 * @param maxConnections  open connections allowed over all listeners
 * @param idleTimeout     no traffic either way for this long closes a connection; zero disables
 * @param headerTimeout   a request head taking longer closes the connection; zero disables
 * @param writeTimeout    pending bytes none of which the peer accepts for this long close it; zero disables
 * @param shutdownTimeout how long a graceful shutdown waits for in-flight requests
 * @param maxHeaderSize   largest request head accepted (bytes)
 * @param maxUriLength    longest request target accepted (characters)
 * @param maxBodySize     largest request body accepted (bytes)
 * @param tlsCert         PEM certificate chain for HTTPS, or null for plain HTTP
 * @param tlsKey          PEM PKCS#8 private key for HTTPS, or null
 * @param logLevel        logback level name, lower case
 */
public record ServerConfig(
        InetAddress bind, int httpPort, int echoPort, int proxyPort, InetSocketAddress upstream,
        InetSocketAddress metricsAddress, Path root, String transport, int ioThreads, Duration sqPollIdle,
        CaptionConfig caption, AllocatorKind allocator, boolean zeroCopy,
        int maxConnections, Duration idleTimeout, Duration headerTimeout, Duration writeTimeout,
        Duration shutdownTimeout, int maxHeaderSize, int maxUriLength, int maxBodySize, Path tlsCert, Path tlsKey,
        String logLevel) {

    private static final int MAX_THREADS = 1024;
    /** The kernel takes the SQPOLL idle time in milliseconds, as an unsigned 32-bit value; a minute is plenty. */
    private static final Duration MAX_SQPOLL_IDLE = Duration.ofMinutes(1);

    /** Whether files go out as file regions (zero-copy): unless TLS must encrypt them or zero-copy is off. */
    public boolean fileRegions() {
        return zeroCopy && !tls();
    }

    /** Whether the HTTP listener serves HTTPS. */
    public boolean tls() {
        return tlsCert != null;
    }

    /**
     * Reads and checks every option from {@code settings}, applying defaults for the ones not given.
     *
     * @throws ConfigException for the first value that is malformed, out of range, or names a missing file
     */
    public static ServerConfig from(Settings settings) throws ConfigException {
        Reader r = new Reader(settings);
        int cpus = Runtime.getRuntime().availableProcessors();
        int httpPort = Values.port(r.get(HTTP_PORT, "8080"));
        int echoPort = Values.portOrOff(r.get(ECHO_PORT, "off"));
        int proxyPort = Values.portOrOff(r.get(PROXY_PORT, "off"));
        checkDistinct(r, httpPort, echoPort, proxyPort);
        InetSocketAddress upstream = null;
        Setting upstreamSetting = settings.get(UPSTREAM);
        if (proxyPort >= 0) {
            if (upstreamSetting == null) {
                throw new ConfigException(r.get(PROXY_PORT, "").origin() + " needs --upstream HOST:PORT");
            }
            upstream = Values.hostAndPort(upstreamSetting);
        } else if (upstreamSetting != null) {
            throw new ConfigException(upstreamSetting.origin() + " is set but the proxy is off (give --proxy-port)");
        }
        String transport = transport(r.get(TRANSPORT, "auto"));
        Path tlsCert = optionalFile(settings.get(TLS_CERT));
        Path tlsKey = optionalFile(settings.get(TLS_KEY));
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ConfigException("--tls-cert and --tls-key go together: give both or neither");
        }
        return new ServerConfig(
                Values.address(r.get(BIND, "127.0.0.1")), httpPort, echoPort, proxyPort, upstream,
                metricsAddress(r.get(METRICS_ADDRESS, "off")),
                root(settings.get(ROOT)), transport,
                Values.integer(r.get(IO_THREADS, String.valueOf(cpus)), 1, MAX_THREADS),
                sqPollIdle(r.get(SQPOLL, "off"), transport),
                caption(r, cpus),
                allocator(r.get(ALLOCATOR, "pooled")), Values.onOff(r.get(ZERO_COPY, "on")),
                Values.integer(r.get(MAX_CONNECTIONS, "10000"), 1, 10_000_000),
                Values.duration(r.get(IDLE_TIMEOUT, "60s")), Values.duration(r.get(HEADER_TIMEOUT, "10s")),
                Values.duration(r.get(WRITE_TIMEOUT, "30s")), Values.duration(r.get(SHUTDOWN_TIMEOUT, "10s")),
                Values.size(r.get(MAX_HEADER_SIZE, "8k"), 256, 1 << 20),
                Values.size(r.get(MAX_URI_LENGTH, "4k"), 16, 1 << 20),
                Values.size(r.get(MAX_BODY_SIZE, "1m"), 0, Integer.MAX_VALUE),
                tlsCert, tlsKey, logLevel(r.get(LOG_LEVEL, "info")));
    }

    private static CaptionConfig caption(Reader r, int cpus) throws ConfigException {
        Setting timeout = r.get(CAPTION_TIMEOUT, "2s");
        Duration renderTimeout = Values.duration(timeout);
        if (renderTimeout.isZero()) {
            throw Values.error(timeout, "must be more than zero");
        }
        return new CaptionConfig(
                Values.integer(r.get(WORKER_THREADS, String.valueOf(cpus)), 1, MAX_THREADS),
                Values.integer(r.get(WORKER_QUEUE, String.valueOf(CaptionConfig.DEFAULT_QUEUE_CAPACITY)), 1, 1_000_000),
                Values.integer(r.get(CAPTION_TEMPLATE_CACHE,
                        String.valueOf(CaptionConfig.DEFAULT_TEMPLATE_CACHE_SIZE)), 1, 10_000),
                Values.integer(r.get(CAPTION_FONT_CACHE,
                        String.valueOf(CaptionConfig.DEFAULT_FONT_CACHE_SIZE)), 1, 10_000),
                renderTimeout);
    }

    private static void checkDistinct(Reader r, int http, int echo, int proxy) throws ConfigException {
        // Port 0 is "any free port": several listeners may ask for it.
        if (http > 0 && (http == echo || http == proxy) || echo > 0 && echo == proxy) {
            throw new ConfigException("--http-port, --echo-port and --proxy-port must differ (got " + http + ", "
                    + (echo < 0 ? "off" : echo) + ", " + (proxy < 0 ? "off" : proxy) + ")");
        }
    }

    private static InetSocketAddress metricsAddress(Setting s) throws ConfigException {
        return s.value().equals("off") ? null : Values.listenAddress(s);
    }

    private static Path root(Setting s) throws ConfigException {
        if (s == null) {
            return null;
        }
        Path root = Values.path(s);
        if (!Files.isDirectory(root)) {
            throw Values.error(s, Files.exists(root) ? "is not a directory" : "does not exist");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw Values.error(s, "is not readable by this user");
        }
        return root.toAbsolutePath().normalize();
    }

    private static Path optionalFile(Setting s) throws ConfigException {
        if (s == null || s.value().isEmpty()) {
            return null;
        }
        Path file = Values.path(s);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw Values.error(s, Files.exists(file) ? "is not a readable file" : "does not exist");
        }
        return file;
    }

    private static String transport(Setting s) throws ConfigException {
        String name = s.value();
        if (!name.equals("auto") && TransportKind.forName(name) == null) {
            throw Values.error(s, "is not a transport (auto, " + TransportKind.names() + ")");
        }
        return name;
    }

    private static Duration sqPollIdle(Setting s, String transport) throws ConfigException {
        if (s.value().equalsIgnoreCase("off")) {
            return null;
        }
        Duration idle = Values.duration(s);
        if (idle.toMillis() < 1 || idle.compareTo(MAX_SQPOLL_IDLE) > 0) {
            throw Values.error(s, "must be from 1ms to 1m, or off");
        }
        // Named, not auto: a fallback to another transport would silently drop a mode the user asked for.
        if (!transport.equals(TransportKind.FFM_IO_URING.displayName())) {
            throw new ConfigException(s.origin() + " needs --transport " + TransportKind.FFM_IO_URING.displayName()
                    + " (got " + transport + ")");
        }
        return idle;
    }

    private static AllocatorKind allocator(Setting s) throws ConfigException {
        AllocatorKind kind = AllocatorKind.forName(s.value());
        if (kind == null) {
            throw Values.error(s, "is not an allocator (pooled, adaptive or unpooled)");
        }
        return kind;
    }

    private static String logLevel(Setting s) throws ConfigException {
        String level = s.value().toLowerCase(Locale.ROOT);
        return switch (level) {
            case "error", "warn", "info", "debug", "trace" -> level;
            default -> throw Values.error(s, "is not a log level (error, warn, info, debug or trace)");
        };
    }

    /** Settings with defaults: a default is given a setting of its own so errors can still name the option. */
    private record Reader(Settings settings) {
        Setting get(ServerOption option, String defaultValue) {
            Setting s = settings.get(option);
            return s != null ? s : new Setting(defaultValue, "--" + option.key() + " (default)");
        }
    }
}
