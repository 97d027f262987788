package dev.ringnet.server.http.files;

import dev.ringnet.server.http.HttpExchange;
import dev.ringnet.server.http.HttpRoute;
import dev.ringnet.server.http.routes.Methods;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * GET and HEAD for the files under the root: ETag and Last-Modified with 304 for conditional requests, one byte
 * range with 206 (416 past the end), content types by extension. The body goes out as a
 * {@link DefaultFileRegion}, which the transports send without copying it through Java (sendfile or splice), or as
 * 64 KiB chunks read from the file: under TLS, which must encrypt every byte, and with {@code --zero-copy off}.
 *
 * <p>Runs on the event loop: stat and open are quick on local disks, and the bytes themselves are sent by the
 * transport. Stateless; any thread.
 */
public final class StaticFileRoute implements HttpRoute {
    /** Bytes per chunk when the file is read through Java. */
    private static final int CHUNK_SIZE = 64 * 1024;

    private final Path realRoot;
    private final boolean fileRegions;

    /**
     * @param realRoot    the root directory's real path
     * @param fileRegions whether bodies go out as file regions (zero-copy) rather than chunks read through Java
     */
    public StaticFileRoute(Path realRoot, boolean fileRegions) {
        this.realRoot = realRoot;
        this.fileRegions = fileRegions;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Methods.allow(exchange, HttpMethod.GET, HttpMethod.HEAD)) {
            return;
        }
        SafePaths.Lookup lookup = SafePaths.lookup(realRoot, exchange.path());
        if (lookup.status().equals(HttpResponseStatus.MOVED_PERMANENTLY)) {
            redirectToDirectory(exchange);
            return;
        }
        if (lookup.file() == null) {
            exchange.respondError(lookup.status(), lookup.detail());
            return;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(lookup.file(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            exchange.respondError(HttpResponseStatus.NOT_FOUND, "");
            return;
        }
        long size = attributes.size();
        Validators validators = Validators.of(size, attributes.lastModifiedTime().toInstant());
        HttpHeaders request = exchange.request().headers();
        if (validators.notModified(request.get(HttpHeaderNames.IF_NONE_MATCH),
                request.get(HttpHeaderNames.IF_MODIFIED_SINCE))) {
            FullHttpResponse notModified = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
            setValidators(notModified.headers(), validators);
            exchange.respond(notModified);
            return;
        }
        ByteRange range = validators.rangeAllowed(request.get(HttpHeaderNames.IF_RANGE))
                ? ByteRange.parse(request.get(HttpHeaderNames.RANGE), size) : ByteRange.WHOLE;
        if (range == ByteRange.UNSATISFIABLE) {
            FullHttpResponse unsatisfiable = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Unpooled.EMPTY_BUFFER);
            unsatisfiable.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            setValidators(unsatisfiable.headers(), validators);
            exchange.respond(unsatisfiable);
            return;
        }
        send(exchange, lookup.file(), size, range, validators);
    }

    private void send(HttpExchange exchange, Path file, long size, ByteRange range, Validators validators)
            throws IOException {
        boolean partial = range != ByteRange.WHOLE;
        long start = partial ? range.start() : 0;
        long length = partial ? range.length() : size;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        HttpHeaders headers = head.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, ContentTypes.forFileName(file.getFileName().toString()))
                .set(HttpHeaderNames.CONTENT_LENGTH, length);
        if (partial) {
            headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.start() + "-" + range.end() + "/" + size);
        }
        setValidators(headers, validators);
        if (exchange.isHead() || length == 0) {
            exchange.respond(head, null);
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            exchange.respondError(HttpResponseStatus.NOT_FOUND, "");
            return;
        }
        Object body;
        try {
            body = fileRegions ? new DefaultFileRegion(channel, start, length)
                    : new HttpChunkedInput(new ChunkedNioFile(channel, start, length, CHUNK_SIZE));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        exchange.respond(head, body);
    }

    private static void setValidators(HttpHeaders headers, Validators validators) {
        headers.set(HttpHeaderNames.ETAG, validators.etag())
                .set(HttpHeaderNames.LAST_MODIFIED, validators.lastModifiedHeader())
                .set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    }

    private static void redirectToDirectory(HttpExchange exchange) {
        String uri = exchange.request().uri();
        int q = uri.indexOf('?');
        String location = exchange.path() + "/" + (q < 0 ? "" : uri.substring(q));
        FullHttpResponse redirect = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.MOVED_PERMANENTLY, Unpooled.EMPTY_BUFFER);
        redirect.headers().set(HttpHeaderNames.LOCATION, location);
        exchange.respond(redirect);
    }
}
