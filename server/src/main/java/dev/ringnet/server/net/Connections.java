package dev.ringnet.server.net;

import dev.ringnet.server.metrics.ListenerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every accepted connection of one server, over all its listeners: enforces {@code --max-connections} at accept,
 * and lets a shutdown ask every connection to finish and wait until all have closed.
 *
 * <p>A connection counts from {@link #tryAdmit} until its channel has closed. Any thread.
 */
public final class Connections {
    /** Fired down an HTTP connection's pipeline when the server shuts down: finish in-flight work, then close. */
    public static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    /**
     * What the connections of one listening socket share: the metrics that count them and whether their pipelines
     * handle {@link #DRAIN} (HTTP; the others are closed at shutdown). Made once per listener, so admitting a
     * connection allocates nothing beyond its map entry.
     */
    public record Listener(ListenerMetrics metrics, boolean drainable) {
    }

    private final int maxConnections;
    private final AtomicInteger count = new AtomicInteger();
    /**
     * The channels admitted and not yet closed, each with its listener: one map entry and one close listener per
     * connection (at 15,000 idle connections every per-connection object counts).
     */
    private final Map<Channel, Listener> open = new ConcurrentHashMap<>();
    private final Object allClosed = new Object();
    private final ChannelFutureListener onClose = f -> release(f.channel());

    /** Connections allowing at most {@code maxConnections} open at once. */
    public Connections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /**
     * Admits {@code child}, just accepted on {@code listener}, if fewer than the maximum are open; it then counts
     * until it closes, when {@link ListenerMetrics#closed()} is called on the listener's metrics.
     *
     * @return false if the connection must be refused
     */
    public boolean tryAdmit(Channel child, Listener listener) {
        if (count.incrementAndGet() > maxConnections) {
            count.decrementAndGet();
            return false;
        }
        open.put(child, listener);
        child.closeFuture().addListener(onClose);
        return true;
    }

    private void release(Channel child) {
        Listener listener = open.remove(child);
        if (listener != null) {
            listener.metrics().closed();
        }
        if (count.decrementAndGet() == 0) {
            synchronized (allClosed) {
                allClosed.notifyAll();
            }
        }
    }

    /** Connections open now. */
    public int count() {
        return count.get();
    }

    /**
     * Asks every open connection to end: HTTP connections get {@link #DRAIN} (they close when idle, after the
     * response in flight), the others are closed at once.
     */
    public void drainAll() {
        for (Channel channel : snapshot()) {
            Listener listener = open.get(channel);
            if (listener != null && listener.drainable()) {
                channel.pipeline().fireUserEventTriggered(DRAIN);
            } else {
                channel.close();
            }
        }
    }

    /** Closes every open connection at once, whatever it is doing. */
    public void closeAll() {
        for (Channel channel : snapshot()) {
            channel.close();
        }
    }

    /**
     * Waits until no connection is open or {@code timeoutNanos} have passed.
     *
     * @return whether all connections have closed
     */
    public boolean awaitAllClosed(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (allClosed) {
            while (count.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(allClosed, left);
            }
        }
        return true;
    }

    private List<Channel> snapshot() {
        return new ArrayList<>(open.keySet());
    }
}
