package dev.ringnet.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Address objects shared by the connections one listening socket accepts. An {@link InetSocketAddress} read back
 * from the kernel is four objects, 96 bytes of heap for IPv4, and a connection holds two: at 15,000 idle
 * connections that was the largest per-connection cost of the transport. Yet the connections of a listener bound to
 * one address all have the same local address, and their peers are often a few hosts (a proxy, a load balancer).
 * So the last local address is handed out again when the next is equal, and the last peer host is reused in the
 * next peer address (a new {@link InetSocketAddress} for the port, 40 bytes).
 *
 * <p>Only addresses whose equality says they are the same are shared: IPv4, and IPv6 without a scope (equal
 * link-local addresses of two interfaces differ only by scope, which {@link Inet6Address#equals} ignores).
 * Addresses are immutable, so sharing is invisible to their users. The listener's event loop only.
 */
final class AcceptedAddresses {
    /** The local address of the last connection accepted, or null. */
    private InetSocketAddress lastLocal;
    /** The peer host of the last connection accepted, or null. */
    private InetAddress lastPeerHost;

    /** {@code local}, or an equal instance handed out before. */
    InetSocketAddress local(InetSocketAddress local) {
        if (local == null || !shareable(local.getAddress())) {
            return local;
        }
        if (local.equals(lastLocal)) {
            return lastLocal;
        }
        lastLocal = local;
        return local;
    }

    /** {@code remote}, or an equal address whose host is an instance handed out before. */
    InetSocketAddress remote(InetSocketAddress remote) {
        if (remote == null || !shareable(remote.getAddress())) {
            return remote;
        }
        if (remote.getAddress().equals(lastPeerHost)) {
            return new InetSocketAddress(lastPeerHost, remote.getPort());
        }
        lastPeerHost = remote.getAddress();
        return remote;
    }

    private static boolean shareable(InetAddress host) {
        return host instanceof Inet4Address
                || host instanceof Inet6Address v6 && v6.getScopeId() == 0 && v6.getScopedInterface() == null;
    }
}
