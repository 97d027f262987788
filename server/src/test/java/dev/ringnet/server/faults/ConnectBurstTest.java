package dev.ringnet.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.RingnetServer;
import dev.ringnet.server.TestServers;
import dev.ringnet.server.transports.TransportKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 3,000 connects at once against a listen backlog of 1,024 (the server's), over each transport: the kernel drops the
 * SYNs it has no room for and the clients retransmit them, and every connection is still accepted and served. The
 * listen overflows the kernel counted meanwhile ({@code TcpExt ListenOverflows}, host-wide) are printed.
 */
class ConnectBurstTest {
    private static final int BURST = 3000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void aBurstOfConnectsBeyondTheBacklogIsAllServed(TransportKind kind) throws Exception {
        try (RingnetServer server = TestServers.startDedicated(kind, "--echo-port", "0");
             Selector selector = Selector.open()) {
            List<SocketChannel> channels = new ArrayList<>(BURST);
            long overflowsBefore = listenOverflows();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < BURST; i++) {
                    SocketChannel ch = SocketChannel.open();
                    channels.add(ch);
                    ch.configureBlocking(false);
                    ch.connect(server.echoAddress());
                    ch.register(selector, SelectionKey.OP_CONNECT, i);
                }
                int served = 0;
                long deadline = start + TimeUnit.SECONDS.toNanos(40);
                ByteBuffer one = ByteBuffer.allocate(1);
                while (served < BURST) {
                    assertTrue(System.nanoTime() < deadline, served + " of " + BURST + " served after 40 s");
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
                            assertEquals(1, ch.read(one), "connection " + id + " closed instead of echoing");
                            assertEquals((byte) id, one.get(0));
                            key.cancel();
                            served++;
                        }
                    }
                    selector.selectedKeys().clear();
                }
                System.out.printf("%s: %d connects at once against a backlog of 1024, all served in %d ms; "
                        + "host-wide listen overflows meanwhile: %d%n", kind.displayName(), served,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), listenOverflows() - overflowsBefore);
            } finally {
                for (SocketChannel ch : channels) {
                    ch.close();
                }
            }
        }
    }

    /** The host's {@code TcpExt: ListenOverflows} counter (connections dropped because an accept queue was full). */
    private static long listenOverflows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            if (lines.get(i).startsWith("TcpExt:")) {
                String[] names = lines.get(i).split(" ");
                String[] values = lines.get(i + 1).split(" ");
                for (int k = 0; k < names.length; k++) {
                    if (names[k].equals("ListenOverflows")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        return -1;
    }
}
