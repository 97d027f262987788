package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Accepted connections share address objects where that is invisible: equal local addresses and peer hosts are
 * handed out as one instance, and scoped IPv6 addresses, which equal each other across interfaces, never are.
 */
class AcceptedAddressesTest {
    @Test
    void anEqualLocalAddressIsTheInstanceHandedOutBefore() throws Exception {
        AcceptedAddresses shared = new AcceptedAddresses();
        InetSocketAddress first = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8080);
        InetSocketAddress second = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8080);
        assertSame(first, shared.local(first));
        assertSame(first, shared.local(second));
        InetSocketAddress otherPort = new InetSocketAddress(first.getAddress(), 8081);
        assertSame(otherPort, shared.local(otherPort), "a different address is kept, and becomes the one shared");
        assertNull(shared.local(null));
    }

    @Test
    void aPeerFromTheSameHostSharesTheHostNotThePort() throws Exception {
        AcceptedAddresses shared = new AcceptedAddresses();
        InetSocketAddress first = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}), 40000);
        InetSocketAddress second = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}), 40001);
        assertSame(first, shared.remote(first));
        InetSocketAddress handedOut = shared.remote(second);
        assertEquals(second, handedOut);
        assertSame(first.getAddress(), handedOut.getAddress());
        assertNull(shared.remote(null));
    }

    @Test
    void scopedIpv6AddressesAreNeverShared() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        InetSocketAddress onOne = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 1), 8080);
        InetSocketAddress onTwo = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 2), 8080);
        assertEquals(onOne, onTwo, "equal although on two interfaces: why they must not be shared");
        AcceptedAddresses shared = new AcceptedAddresses();
        shared.local(onOne);
        assertSame(onTwo, shared.local(onTwo));
        shared.remote(onOne);
        assertSame(onTwo, shared.remote(onTwo));
        assertNotSame(onOne.getAddress(), shared.remote(onTwo).getAddress());
    }
}
