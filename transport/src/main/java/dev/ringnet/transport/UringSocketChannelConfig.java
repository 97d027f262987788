package dev.ringnet.transport;

import static dev.ringnet.linux.Sockets.IPPROTO_IP;
import static dev.ringnet.linux.Sockets.IPPROTO_IPV6;
import static dev.ringnet.linux.Sockets.IPPROTO_TCP;
import static dev.ringnet.linux.Sockets.IPV6_TCLASS;
import static dev.ringnet.linux.Sockets.IP_TOS;
import static dev.ringnet.linux.Sockets.SOL_SOCKET;
import static dev.ringnet.linux.Sockets.SO_KEEPALIVE;
import static dev.ringnet.linux.Sockets.SO_RCVBUF;
import static dev.ringnet.linux.Sockets.SO_REUSEADDR;
import static dev.ringnet.linux.Sockets.SO_REUSEPORT;
import static dev.ringnet.linux.Sockets.SO_SNDBUF;
import static dev.ringnet.linux.Sockets.TCP_NODELAY;

import dev.ringnet.linux.ErrnoException;
import dev.ringnet.linux.Sockets;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannelConfig;
import java.util.Map;

/** Configuration of a {@link UringSocketChannel}: socket options are read from and written to its fd. */
public final class UringSocketChannelConfig extends DefaultChannelConfig implements SocketChannelConfig {
    private final UringSocketChannel channel;
    private volatile boolean allowHalfClosure;

    UringSocketChannelConfig(UringSocketChannel channel) {
        super(channel);
        this.channel = channel;
        setTcpNoDelay(true); // the default of Netty's NIO and epoll transports
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.SO_RCVBUF, ChannelOption.SO_SNDBUF,
                ChannelOption.TCP_NODELAY, ChannelOption.SO_KEEPALIVE, ChannelOption.SO_REUSEADDR,
                ChannelOption.SO_LINGER, ChannelOption.IP_TOS, ChannelOption.ALLOW_HALF_CLOSURE,
                UringChannelOption.SO_REUSEPORT);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        Object value;
        if (option == ChannelOption.SO_RCVBUF) {
            value = getReceiveBufferSize();
        } else if (option == ChannelOption.SO_SNDBUF) {
            value = getSendBufferSize();
        } else if (option == ChannelOption.TCP_NODELAY) {
            value = isTcpNoDelay();
        } else if (option == ChannelOption.SO_KEEPALIVE) {
            value = isKeepAlive();
        } else if (option == ChannelOption.SO_REUSEADDR) {
            value = isReuseAddress();
        } else if (option == ChannelOption.SO_LINGER) {
            value = getSoLinger();
        } else if (option == ChannelOption.IP_TOS) {
            value = getTrafficClass();
        } else if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            value = isAllowHalfClosure();
        } else if (option == UringChannelOption.SO_REUSEPORT) {
            value = SocketOptions.getBoolean(channel.fd(), SOL_SOCKET, SO_REUSEPORT);
        } else {
            return super.getOption(option);
        }
        return (T) value;
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == ChannelOption.SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == ChannelOption.SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == ChannelOption.TCP_NODELAY) {
            setTcpNoDelay((Boolean) value);
        } else if (option == ChannelOption.SO_KEEPALIVE) {
            setKeepAlive((Boolean) value);
        } else if (option == ChannelOption.SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == ChannelOption.SO_LINGER) {
            setSoLinger((Integer) value);
        } else if (option == ChannelOption.IP_TOS) {
            setTrafficClass((Integer) value);
        } else if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            setAllowHalfClosure((Boolean) value);
        } else if (option == UringChannelOption.SO_REUSEPORT) {
            SocketOptions.setBoolean(channel.fd(), SOL_SOCKET, SO_REUSEPORT, (Boolean) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    @Override
    public boolean isTcpNoDelay() {
        return SocketOptions.getBoolean(channel.fd(), IPPROTO_TCP, TCP_NODELAY);
    }

    @Override
    public UringSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        SocketOptions.setBoolean(channel.fd(), IPPROTO_TCP, TCP_NODELAY, tcpNoDelay);
        return this;
    }

    /** {@code SO_LINGER} in seconds, or -1 when off. */
    @Override
    public int getSoLinger() {
        try {
            return Sockets.getLinger(channel.fd());
        } catch (ErrnoException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    /** Sets {@code SO_LINGER} to {@code seconds}, or turns it off when negative. 0 makes close send RST. */
    @Override
    public UringSocketChannelConfig setSoLinger(int seconds) {
        try {
            Sockets.setLinger(channel.fd(), seconds >= 0, Math.max(seconds, 0));
        } catch (ErrnoException e) {
            throw new ChannelException(e.getMessage(), e);
        }
        return this;
    }

    @Override
    public int getSendBufferSize() {
        return SocketOptions.getInt(channel.fd(), SOL_SOCKET, SO_SNDBUF);
    }

    @Override
    public UringSocketChannelConfig setSendBufferSize(int size) {
        SocketOptions.setInt(channel.fd(), SOL_SOCKET, SO_SNDBUF, size);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return SocketOptions.getInt(channel.fd(), SOL_SOCKET, SO_RCVBUF);
    }

    @Override
    public UringSocketChannelConfig setReceiveBufferSize(int size) {
        SocketOptions.setInt(channel.fd(), SOL_SOCKET, SO_RCVBUF, size);
        return this;
    }

    @Override
    public boolean isKeepAlive() {
        return SocketOptions.getBoolean(channel.fd(), SOL_SOCKET, SO_KEEPALIVE);
    }

    @Override
    public UringSocketChannelConfig setKeepAlive(boolean keepAlive) {
        SocketOptions.setBoolean(channel.fd(), SOL_SOCKET, SO_KEEPALIVE, keepAlive);
        return this;
    }

    /** {@code IP_TOS} (IPv4) or {@code IPV6_TCLASS}: the socket is dual-stack, so both are kept equal. */
    @Override
    public int getTrafficClass() {
        return SocketOptions.getInt(channel.fd(), IPPROTO_IPV6, IPV6_TCLASS);
    }

    @Override
    public UringSocketChannelConfig setTrafficClass(int trafficClass) {
        SocketOptions.setInt(channel.fd(), IPPROTO_IPV6, IPV6_TCLASS, trafficClass);
        SocketOptions.setInt(channel.fd(), IPPROTO_IP, IP_TOS, trafficClass);
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return SocketOptions.getBoolean(channel.fd(), SOL_SOCKET, SO_REUSEADDR);
    }

    @Override
    public UringSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        SocketOptions.setBoolean(channel.fd(), SOL_SOCKET, SO_REUSEADDR, reuseAddress);
        return this;
    }

    @Override
    public UringSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public UringSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        this.allowHalfClosure = allowHalfClosure;
        return this;
    }

    @Override
    public UringSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public UringSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public UringSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public UringSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public UringSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public UringSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public UringSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public UringSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    public UringSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public UringSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public UringSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    protected void autoReadCleared() {
        channel.clearReadPending();
    }
}
