package dev.ringnet.transport;

import io.netty.channel.ChannelOption;

/** Options this transport has beyond {@link ChannelOption}. */
public final class UringChannelOption {
    /** {@code SO_REUSEPORT}: several sockets may bind the same address and port; the kernel spreads connections. */
    public static final ChannelOption<Boolean> SO_REUSEPORT =
            ChannelOption.valueOf(UringChannelOption.class, "SO_REUSEPORT");
    /** {@code TCP_FASTOPEN} on a listening socket: the queue length for Fast Open requests (0 disables). */
    public static final ChannelOption<Integer> TCP_FASTOPEN =
            ChannelOption.valueOf(UringChannelOption.class, "TCP_FASTOPEN");

    private UringChannelOption() {
    }
}
