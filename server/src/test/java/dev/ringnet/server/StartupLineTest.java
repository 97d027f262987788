package dev.ringnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The addresses in the startup line, which scripts parse: IPv6 short and bracketed, so the port is unambiguous. */
class StartupLineTest {
    @Test
    void addressesAreHostColonPort() throws Exception {
        assertEquals("127.0.0.1:8080", RingnetServer.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"),
                8080)));
        assertEquals("[::1]:9000", RingnetServer.format(new InetSocketAddress(InetAddress.getByName("::1"), 9000)));
        assertEquals("[::]:1", RingnetServer.format(new InetSocketAddress(InetAddress.getByName("::"), 1)));
        assertEquals("[fe80::1:2]:443", RingnetServer.format(new InetSocketAddress(
                InetAddress.getByName("fe80:0:0:0:0:0:1:2"), 443)));
        assertEquals("off", RingnetServer.format(null));
    }
}
