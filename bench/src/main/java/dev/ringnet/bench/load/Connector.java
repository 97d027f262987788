package dev.ringnet.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Opens many client connections, a bounded number of connects in flight at a time (the accept queue is finite). */
final class Connector {
    private static final int IN_FLIGHT = 256;

    private Connector() {
    }

    /** Connects {@code count} channels to {@code target}, each with a fresh handler; fails on the first error. */
    static List<Channel> connect(Bootstrap bootstrap, InetSocketAddress target, int count,
                                 Supplier<ChannelHandler> handlers) throws IOException, InterruptedException {
        List<Channel> channels = new ArrayList<>(count);
        List<ChannelFuture> pending = new ArrayList<>(IN_FLIGHT);
        try {
            for (int i = 0; i < count; i++) {
                pending.add(bootstrap.clone().handler(handlers.get()).connect(target));
                if (pending.size() == IN_FLIGHT || i == count - 1) {
                    for (ChannelFuture f : pending) {
                        f.await();
                        if (!f.isSuccess()) {
                            throw new IOException("connect to " + target + " failed after " + channels.size()
                                    + " connections: " + f.cause(), f.cause());
                        }
                        channels.add(f.channel());
                    }
                    pending.clear();
                }
            }
            return channels;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pending.forEach(f -> f.channel().close());
            closeAll(channels);
            throw e;
        }
    }

    /** Closes every channel and waits for all of them. */
    static void closeAll(List<Channel> channels) {
        List<ChannelFuture> closes = new ArrayList<>(channels.size());
        for (Channel c : channels) {
            closes.add(c.close());
        }
        for (ChannelFuture f : closes) {
            f.awaitUninterruptibly();
        }
    }
}
