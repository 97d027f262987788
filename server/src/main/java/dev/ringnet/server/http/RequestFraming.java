package dev.ringnet.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * The body framing checks Netty's decoder leaves to the server (RFC 9112 section 6): a request with both
 * Content-Length and Transfer-Encoding, or whose last transfer coding is not {@code chunked}, has a length a
 * front proxy may read differently from us (request smuggling), so it is answered 400 and its connection closed.
 * The decoder itself refuses {@code chunked} with Content-Length and conflicting Content-Lengths; a Transfer-Encoding
 * such as {@code identity} or {@code xchunked} it reads by the Content-Length (or as no body). Stateless.
 */
final class RequestFraming {
    private RequestFraming() {
    }

    /** What is ambiguous about the framing these request headers declare, for the 400's text; null if nothing. */
    static String problem(HttpHeaders headers) {
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return null;
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "both Content-Length and Transfer-Encoding";
        }
        String all = String.join(",", codings);
        String last = all.substring(all.lastIndexOf(',') + 1).strip();
        if (!HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(last)) {
            // Section 6.3: the length of such a request cannot be determined; 400 and close.
            return "Transfer-Encoding whose last coding is not chunked";
        }
        return null;
    }
}
