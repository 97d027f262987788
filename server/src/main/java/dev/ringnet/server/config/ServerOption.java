package dev.ringnet.server.config;

import java.util.Locale;

/**
 * Every setting of {@code ringnet serve}: its key, the form of its value, its default and what it does.
 *
 * <p>Each key is given the same way from three places: {@code --KEY VALUE} (or {@code --KEY=VALUE}) on the command
 * line, {@code KEY=VALUE} in the file named by {@code --config}, and the environment variable
 * {@code RINGNET_KEY} (upper case, dashes as underscores). The command line wins over the environment, which wins
 * over the file, which wins over the default. Immutable.
 */
public enum ServerOption {
    BIND("bind", "ADDRESS", "127.0.0.1", "address every listener binds (0.0.0.0 or :: for all interfaces)"),
    HTTP_PORT("http-port", "PORT", "8080", "HTTP port; 0 takes any free port (the startup line says which)"),
    ECHO_PORT("echo-port", "PORT|off", "off", "TCP echo port: every byte received is sent back"),
    PROXY_PORT("proxy-port", "PORT|off", "off", "TCP proxy port: each connection is relayed to --upstream"),
    UPSTREAM("upstream", "HOST:PORT", "none", "where the TCP proxy connects; required with --proxy-port"),
    METRICS_ADDRESS("metrics-address", "HOST:PORT|off", "off",
            "serve /metrics and /healthz on a listener of their own (plain HTTP), and /metrics no longer on"
                    + " --http-port"),
    ROOT("root", "DIR", "bundled demo site", "directory of static files served over HTTP"),
    TRANSPORT("transport", "auto|NAME", "auto",
            "ffm-io_uring, jni-io_uring, epoll, kqueue or nio; auto takes the first available in that order"),
    IO_THREADS("io-threads", "N", "number of CPUs", "event loop threads"),
    SQPOLL("sqpoll", "DURATION|off", "off", "ffm-io_uring only: a kernel thread per event loop takes submissions "
            + "without system calls, spinning on a CPU until idle this long"),
    WORKER_THREADS("worker-threads", "N", "number of CPUs", "threads that render /caption images, off the event loops"),
    WORKER_QUEUE("worker-queue", "N", "64", "renders waiting for a worker thread; /caption answers 503 beyond it"),
    CAPTION_TIMEOUT("caption-timeout", "DURATION", "2s", "a /caption render not done this long after its request: 504"),
    CAPTION_TEMPLATE_CACHE("caption-template-cache", "N", "8", "decoded /caption template images kept in memory"),
    CAPTION_FONT_CACHE("caption-font-cache", "N", "32", "font sizes kept for /caption, least recently used dropped"),
    ALLOCATOR("allocator", "pooled|adaptive|unpooled", "pooled", "buffer allocator (always direct buffers)"),
    ZERO_COPY("zero-copy", "on|off", "on",
            "files by sendfile/splice, the proxy by splice where the transport can; off copies through Java buffers"),
    MAX_CONNECTIONS("max-connections", "N", "10000",
            "open connections over all listeners; further ones are closed at accept and counted"),
    IDLE_TIMEOUT("idle-timeout", "DURATION", "60s", "close a connection with no traffic either way for this long"),
    HEADER_TIMEOUT("header-timeout", "DURATION", "10s",
            "close a connection whose request head takes longer than this to arrive (slowloris)"),
    WRITE_TIMEOUT("write-timeout", "DURATION", "30s",
            "close a connection whose peer accepts none of the pending bytes for this long"),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "DURATION", "10s",
            "on SIGTERM/SIGINT, how long in-flight requests may take before connections are cut"),
    MAX_HEADER_SIZE("max-header-size", "SIZE", "8k", "request headers beyond this answer 431"),
    MAX_URI_LENGTH("max-uri-length", "SIZE", "4k", "request targets beyond this answer 414"),
    MAX_BODY_SIZE("max-body-size", "SIZE", "1m", "request bodies beyond this answer 413"),
    TLS_CERT("tls-cert", "FILE", "none", "PEM certificate chain: serve HTTPS on the HTTP port (with --tls-key)"),
    TLS_KEY("tls-key", "FILE", "none", "PEM private key (PKCS#8, unencrypted) for --tls-cert"),
    LOG_LEVEL("log-level", "LEVEL", "info", "error, warn, info, debug or trace"),
    CONFIG("config", "FILE", "none", "read KEY=VALUE lines (these keys, without --) from FILE");

    private final String key;
    private final String valueName;
    private final String defaultText;
    private final String help;

    ServerOption(String key, String valueName, String defaultText, String help) {
        this.key = key;
        this.valueName = valueName;
        this.defaultText = defaultText;
        this.help = help;
    }

    /** The key as written in a config file, and after {@code --} on the command line. */
    public String key() {
        return key;
    }

    /** The environment variable that sets this option: {@code RINGNET_} and the key in upper case. */
    public String environmentVariable() {
        return "RINGNET_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The form of the value, for help: {@code PORT}, {@code DURATION}, ... */
    public String valueName() {
        return valueName;
    }

    /** The default as a user reads it in help. */
    public String defaultText() {
        return defaultText;
    }

    /** One line saying what the option does. */
    public String help() {
        return help;
    }

    /** The option with this key, or null. */
    public static ServerOption forKey(String key) {
        for (ServerOption option : values()) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }

    /** The option read from this environment variable, or null. */
    public static ServerOption forEnvironmentVariable(String name) {
        for (ServerOption option : values()) {
            if (option.environmentVariable().equals(name)) {
                return option;
            }
        }
        return null;
    }
}
