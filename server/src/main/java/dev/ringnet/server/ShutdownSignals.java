package dev.ringnet.server;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT: the first starts a graceful shutdown of the server, the second exits at once.
 *
 * <p>Signal handlers ({@code sun.misc.Signal}, in the {@code jdk.unsupported} module that stays for exactly this)
 * rather than a shutdown hook, because a hook runs only once the JVM has decided to exit: it cannot tell a second
 * signal from the first (the JVM ignores further exit requests while hooks run), so "a second signal exits at
 * once" would be impossible, and the exit status would be 143 instead of 0 after a clean drain.
 */
final class ShutdownSignals {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    /** Installs the handlers for {@code server}. Call once, from the main thread. */
    static void install(RingnetServer server, PrintStream err) {
        AtomicBoolean received = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (received.compareAndSet(false, true)) {
                    log.info("SIG{}: shutting down gracefully (send it again to exit at once)", signal.getName());
                    Thread shutdown = new Thread(() -> shutdown(server), "ringnet-shutdown");
                    shutdown.start();
                } else {
                    err.println("ringnet: SIG" + signal.getName() + " again: exiting at once");
                    err.flush();
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
            });
        }
    }

    private static void shutdown(RingnetServer server) {
        try {
            server.shutdownGracefully();
        } catch (InterruptedException e) {
            log.warn("graceful shutdown interrupted: stopping now");
            server.close();
        }
    }
}
