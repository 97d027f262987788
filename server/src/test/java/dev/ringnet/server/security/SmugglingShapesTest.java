package dev.ringnet.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.RawHttp;
import dev.ringnet.server.RingnetServer;
import dev.ringnet.server.TestServers;
import dev.ringnet.server.transports.TransportKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request framing a front proxy and this server could read differently (the shapes of request smuggling), beyond
 * the plain ones {@code HttpEndpointsTest#ambiguousRequestsAnswer400AndClose} sends: each answers 400 and closes,
 * so a request hidden behind it is never answered (RFC 9112 sections 6.1 and 6.3). Every transport.
 *
 * <p>Not here because they are not ambiguous: obs-fold (Netty joins the lines, which RFC 9112 section 5.2 allows),
 * an unknown HTTP/1.x minor version, a NUL in the target (the static files answer 400 and keep the connection).
 */
class SmugglingShapesTest {
    private static final String POST = "POST /echo HTTP/1.1\r\nHost: t\r\n";

    /** Each followed by a well-formed GET that must not be answered. */
    static final List<String> SHAPES = List.of(
            POST + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
            POST + "Content-Length: 4\r\nTransfer-Encoding: identity\r\n\r\nabcd",
            POST + "Content-Length: 4\r\nTransfer-Encoding: chunked, identity\r\n\r\nabcd",
            POST + "Content-Length: 4\r\nTransfer-Encoding: xchunked\r\n\r\nabcd",
            POST + "Transfer-Encoding: identity\r\n\r\n",
            POST + "Transfer-Encoding: gzip\r\n\r\n",
            POST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            POST + "Content-Length: 4\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            POST + "Content-Length: 4\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
            POST + "Content-Length: 5\r\ncontent-length: 4\r\n\r\nabcde",
            POST + "Content-Length: +4\r\n\r\nabcd",
            POST + "Content-Length: -1\r\n\r\n",
            POST + "Content-Length: 4a\r\n\r\nabcd",
            POST + "Content-Length: 0x4\r\n\r\nabcd",
            POST + "Content-Length: 99999999999999999999\r\n\r\n",
            POST + "Content-Length : 4\r\n\r\nabcd",
            POST + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\n",
            POST + "Transfer-Encoding: chunked\r\n\r\nz\r\nabcd\r\n0\r\n\r\n",
            "GET /hello HTTP/1.1\r\nHost: t\r\nX\u0000Y: 1\r\n\r\n",
            "GET /hello HTTP/1.1 extra\r\nHost: t\r\n\r\n");

    @ParameterizedTest
    @MethodSource("dev.ringnet.server.TestServers#transports")
    void everyShapeAnswers400AndCloses(TransportKind kind) throws Exception {
        RingnetServer server = TestServers.server(kind);
        StringBuilder failures = new StringBuilder();
        for (String shape : SHAPES) {
            try (RawHttp raw = new RawHttp(server.httpAddress(), 5_000)) {
                raw.send(shape + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
                RawHttp.Response response = raw.read();
                if (response.status() != 400 || !"close".equals(response.header("connection"))
                        || !raw.closedByPeer()) {
                    failures.append(response.status()).append(' ').append(response.header("connection"))
                            .append(" for ").append(shape.replace("\r\n", "\\r\\n")).append('\n');
                }
            }
        }
        assertEquals("", failures.toString());
    }
}
