package dev.ringnet.transport;

import static dev.ringnet.linux.Sockets.IPPROTO_TCP;
import static dev.ringnet.linux.Sockets.SOL_SOCKET;
import static dev.ringnet.linux.Sockets.SO_RCVBUF;
import static dev.ringnet.linux.Sockets.SO_REUSEADDR;
import static dev.ringnet.linux.Sockets.SO_REUSEPORT;
import static dev.ringnet.linux.Sockets.TCP_FASTOPEN;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ServerSocketChannelConfig;
import io.netty.util.NetUtil;
import java.util.Map;

/** Configuration of a {@link UringServerSocketChannel}: socket options are read from and written to its fd. */
public final class UringServerSocketChannelConfig extends DefaultChannelConfig implements ServerSocketChannelConfig {
    private final UringServerSocketChannel channel;
    private volatile int backlog = NetUtil.SOMAXCONN;
    private volatile int fastOpen;

    UringServerSocketChannelConfig(UringServerSocketChannel channel) {
        super(channel);
        this.channel = channel;
        setReuseAddress(true); // what every server wants, and what Netty's epoll transport defaults to
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.SO_RCVBUF, ChannelOption.SO_REUSEADDR,
                ChannelOption.SO_BACKLOG, UringChannelOption.SO_REUSEPORT, UringChannelOption.TCP_FASTOPEN);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        }
        if (option == ChannelOption.SO_REUSEADDR) {
            return (T) Boolean.valueOf(isReuseAddress());
        }
        if (option == ChannelOption.SO_BACKLOG) {
            return (T) Integer.valueOf(getBacklog());
        }
        if (option == UringChannelOption.SO_REUSEPORT) {
            return (T) Boolean.valueOf(isReusePort());
        }
        if (option == UringChannelOption.TCP_FASTOPEN) {
            return (T) Integer.valueOf(fastOpen);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == ChannelOption.SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == ChannelOption.SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == ChannelOption.SO_BACKLOG) {
            setBacklog((Integer) value);
        } else if (option == UringChannelOption.SO_REUSEPORT) {
            setReusePort((Boolean) value);
        } else if (option == UringChannelOption.TCP_FASTOPEN) {
            setTcpFastOpen((Integer) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    @Override
    public int getBacklog() {
        return backlog;
    }

    @Override
    public UringServerSocketChannelConfig setBacklog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog: " + backlog);
        }
        this.backlog = backlog;
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return SocketOptions.getBoolean(channel.fd(), SOL_SOCKET, SO_REUSEADDR);
    }

    @Override
    public UringServerSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        SocketOptions.setBoolean(channel.fd(), SOL_SOCKET, SO_REUSEADDR, reuseAddress);
        return this;
    }

    /** Whether {@code SO_REUSEPORT} is set. */
    public boolean isReusePort() {
        return SocketOptions.getBoolean(channel.fd(), SOL_SOCKET, SO_REUSEPORT);
    }

    /** Sets {@code SO_REUSEPORT}; must precede bind. */
    public UringServerSocketChannelConfig setReusePort(boolean reusePort) {
        SocketOptions.setBoolean(channel.fd(), SOL_SOCKET, SO_REUSEPORT, reusePort);
        return this;
    }

    /** Sets the {@code TCP_FASTOPEN} queue length (0 disables); applied at bind. */
    public UringServerSocketChannelConfig setTcpFastOpen(int queueLength) {
        if (queueLength < 0) {
            throw new IllegalArgumentException("TCP_FASTOPEN queue length: " + queueLength);
        }
        this.fastOpen = queueLength;
        return this;
    }

    /** Applies settings that the kernel takes only on an unbound socket. Event loop, before bind. */
    void applyBeforeBind() {
        if (fastOpen > 0) {
            SocketOptions.setInt(channel.fd(), IPPROTO_TCP, TCP_FASTOPEN, fastOpen);
        }
    }

    @Override
    public int getReceiveBufferSize() {
        return SocketOptions.getInt(channel.fd(), SOL_SOCKET, SO_RCVBUF);
    }

    @Override
    public UringServerSocketChannelConfig setReceiveBufferSize(int size) {
        SocketOptions.setInt(channel.fd(), SOL_SOCKET, SO_RCVBUF, size);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public UringServerSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public UringServerSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    protected void autoReadCleared() {
        if (channel.isRegistered()) {
            channel.autoReadCleared();
        }
    }

    @Override
    public UringServerSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }
}
