package dev.ringnet.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    private final int maxConnections;
    private final AtomicInteger count = new AtomicInteger();
    /** The channels admitted and not yet closed, each with whether it understands {@link #DRAIN}. */
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final Set<Channel> drainable = ConcurrentHashMap.newKeySet();
    private final Object allClosed = new Object();
    private final ChannelFutureListener onClose = f -> release(f.channel());

    /** Connections allowing at most {@code maxConnections} open at once. */
    public Connections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /**
     * Admits {@code child}, just accepted, if fewer than the maximum are open; it then counts until it closes.
     *
     * @param drainable whether the channel's pipeline handles {@link #DRAIN} (HTTP); others are closed at shutdown
     * @return false if the connection must be refused
     */
    public boolean tryAdmit(Channel child, boolean drainable) {
        if (count.incrementAndGet() > maxConnections) {
            count.decrementAndGet();
            return false;
        }
        open.add(child);
        if (drainable) {
            this.drainable.add(child);
        }
        child.closeFuture().addListener(onClose);
        return true;
    }

    private void release(Channel child) {
        open.remove(child);
        drainable.remove(child);
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
            if (drainable.contains(channel)) {
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
        return new ArrayList<>(open);
    }
}
