package dev.ringnet.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.TestServers;
import dev.ringnet.server.transports.TransportKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 15,000 connections open at once on one server process, over each transport: every one is accepted and echoes its
 * byte while all the others are still open. The server runs as a process of its own because a process here holds at
 * most about 19,900 fds and the client side (this JVM) needs 15,000 of them too.
 */
class ManyConnectionsIT {
    private static final int CONNECTIONS = 15_000;
    /** Connects in flight at a time: below the server's listen backlog (1024), so no SYN waits for a retransmit. */
    private static final int WINDOW = 512;
    private static final long DEADLINE_SECONDS = 60;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void fifteenThousandConcurrentConnectionsAreAllServed(TransportKind kind) throws Exception {
        TestServers.assumeAvailable(kind);
        try (ServerProcess server = ServerProcess.start(kind, 0, "--io-threads", "2", "--max-connections", "16000");
             Selector selector = Selector.open()) {
            List<SocketChannel> open = new ArrayList<>(CONNECTIONS);
            long start = System.nanoTime();
            try {
                int served = serveAll(selector, server.echo(), open);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int serverFds = server.openFds();
                System.out.printf("%s: %d connections open at once, all echoed, in %d ms; server holds %d fds%n",
                        kind.displayName(), served, millis, serverFds);
                assertEquals(CONNECTIONS, served);
                assertTrue(serverFds >= CONNECTIONS, "the server holds " + serverFds + " fds for " + CONNECTIONS
                        + " connections: they were not all open at once");
            } finally {
                for (SocketChannel ch : open) {
                    ch.close();
                }
            }
            assertEquals(0, server.terminate(15), "exit status after SIGTERM");
            assertEquals(List.of(), server.leakReports());
        }
    }

    /**
     * Opens {@link #CONNECTIONS} connections, at most {@link #WINDOW} of them connecting or waiting for their echo at
     * a time, and keeps every one open in {@code open}; returns how many got their byte back.
     */
    private static int serveAll(Selector selector, InetSocketAddress address, List<SocketChannel> open)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        ByteBuffer one = ByteBuffer.allocate(1);
        int started = 0;
        int served = 0;
        while (served < CONNECTIONS) {
            assertTrue(System.nanoTime() < deadline, "only " + served + " of " + CONNECTIONS + " connections served"
                    + " after " + DEADLINE_SECONDS + " s (" + started + " started)");
            while (started < CONNECTIONS && started - served < WINDOW) {
                SocketChannel ch = SocketChannel.open();
                open.add(ch);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_LINGER, 0); // closing 15,000 leaves no TIME_WAIT behind
                ch.register(selector, ch.connect(address) ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
                        started);
                if (ch.isConnected()) {
                    ch.write(ByteBuffer.wrap(new byte[] {(byte) started}));
                }
                started++;
            }
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                int id = (Integer) key.attachment();
                if (key.isConnectable()) {
                    ch.finishConnect();
                    ch.write(ByteBuffer.wrap(new byte[] {(byte) id}));
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable()) {
                    one.clear();
                    int n = ch.read(one);
                    assertEquals(1, n, "connection " + id + " was closed instead of echoing");
                    assertEquals((byte) id, one.get(0), "connection " + id + " got another's byte");
                    key.cancel();
                    served++;
                }
            }
            selector.selectedKeys().clear();
        }
        return served;
    }
}
