package dev.ringnet.server.net;

import io.netty.channel.Channel;
import java.io.IOException;
import org.slf4j.Logger;

/** How a connection's handlers log the error that closes it. Any thread. */
public final class PeerErrors {
    private PeerErrors() {
    }

    /**
     * Logs {@code cause}, about to close {@code channel}: resets and broken pipes ({@link IOException}s) are the
     * peer's business and only debug; anything else is a server problem, logged as a warning with its stack.
     */
    public static void logClosing(Logger log, Channel channel, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{}: {}", channel, cause.toString());
        } else {
            log.warn("{}: closing after {}", channel, cause.toString(), cause);
        }
    }
}
