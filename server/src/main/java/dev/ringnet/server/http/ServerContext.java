package dev.ringnet.server.http;

import dev.ringnet.server.caption.CaptionService;
import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.metrics.ServerMetrics;
import java.nio.file.Path;

/**
 * What routes may use of the running server: its configuration, metrics, caption renderer, and whether it is
 * shutting down. Any thread.
 */
public final class ServerContext {
    private final ServerConfig config;
    private final Path root;
    private final ServerMetrics metrics;
    private final CaptionService captions;
    private volatile boolean draining;

    /**
     * @param root the real path of the static files' directory (the configured one, or the demo site's)
     */
    public ServerContext(ServerConfig config, Path root, ServerMetrics metrics, CaptionService captions) {
        this.config = config;
        this.root = root;
        this.metrics = metrics;
        this.captions = captions;
    }

    /** The configuration the server runs with. */
    public ServerConfig config() {
        return config;
    }

    /** The real path of the directory static files are served from. */
    public Path root() {
        return root;
    }

    /** The server's metrics. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The {@code /caption} renderer: its own worker threads and bounded queue, off the event loops. */
    public CaptionService captions() {
        return captions;
    }

    /** Whether a graceful shutdown has begun: responses then close their connections. */
    public boolean isDraining() {
        return draining;
    }

    /** Marks the start of a graceful shutdown. */
    public void startDraining() {
        draining = true;
    }
}
