package dev.ringnet.server.caption;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * {@code /caption} over HTTP: {@code GET /caption?template=NAME&top=TEXT&bottom=TEXT}, or {@code POST /caption}
 * with the same fields as a JSON object ({@code {"template":"...","top":"...","bottom":"..."}}, at most
 * {@value #MAX_BODY_BYTES} bytes of UTF-8, read as JSON whatever its {@code Content-Type}).
 *
 * <p>Answers: 200 {@code image/png}; 400 {@code {"error":"unknown template","field":"template"}} (every 400
 * names the field); 405 for other methods (with {@code Allow: GET, POST}); 413 for a larger body; 503 when the
 * render queue is full or the service is closing (with {@code Retry-After: 1}); 504 when the render deadline
 * passed; 500 for a bug, logged. Errors are JSON objects with an {@code "error"} member.
 *
 * <p>{@link #respond} builds the response and leaves writing it to the caller (the server's
 * {@code CaptionRoute}, which orders pipelined responses, adds headers, counts statuses and closes connections
 * during shutdown). It never renders on the calling thread, blocks, retains or releases the request: the request
 * is read before it returns and stays the caller's to release.
 */
public final class CaptionHttp {

    /** Largest POST body accepted; a valid request is far smaller (three fields of at most 200 characters). */
    public static final int MAX_BODY_BYTES = 8 * 1024;

    private static final System.Logger LOG = System.getLogger(CaptionHttp.class.getName());
    /** Longest query accepted; more parameters than this cannot all be known fields anyway. */
    private static final int MAX_QUERY_PARAMETERS = 16;

    private CaptionHttp() {
    }

    /**
     * Builds the response to {@code request} without writing it: a future that completes with a 400, 405 or 413
     * at once, or with the 200, 503, 504 or 500 when the render service answers (on a render worker, the deadline
     * timer thread, or at once). It never completes exceptionally. Cancelling it withdraws the render if it has
     * not started; a response completed after that is released, never leaked.
     *
     * <p>Call on any thread; it only validates the request on the calling thread. The response has no
     * {@code Connection} header: keep-alive is the caller's decision.
     */
    public static CompletableFuture<FullHttpResponse> respond(FullHttpRequest request, CaptionService service) {
        HttpVersion version = request.protocolVersion();
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.POST.equals(method)) {
            FullHttpResponse refused = json(version, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "{\"error\":\"method not allowed\"}");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, POST");
            return CompletableFuture.completedFuture(refused);
        }
        if (HttpMethod.POST.equals(method) && request.content().readableBytes() > MAX_BODY_BYTES) {
            return CompletableFuture.completedFuture(json(version, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    error("body too large (at most " + MAX_BODY_BYTES + " bytes)", "body")));
        }
        CaptionRequest caption;
        try {
            caption = HttpMethod.GET.equals(method) ? fromQuery(request.uri()) : fromBody(request.content());
        } catch (CaptionInputException e) {
            return CompletableFuture.completedFuture(failure(version, e));
        }
        CompletableFuture<byte[]> png = service.submit(caption);
        CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
        png.whenComplete((bytes, error) -> {
            FullHttpResponse answer = error == null ? png(version, bytes) : failure(version, error);
            if (!response.complete(answer)) {
                answer.release(); // cancelled meanwhile: nobody will write it
            }
        });
        response.whenComplete((answer, error) -> {
            if (error instanceof CancellationException) {
                png.cancel(false);
            }
        });
        return response;
    }

    /** The request in {@code uri}'s query string. @throws CaptionInputException naming the field at fault */
    static CaptionRequest fromQuery(String uri) {
        QueryStringDecoder query = QueryStringDecoder.builder()
                .semicolonIsNormalChar(true) // ';' is caption text, not a second separator
                .maxParams(MAX_QUERY_PARAMETERS)
                .build(uri);
        try {
            return CaptionRequest.fromQuery(query.parameters());
        } catch (IllegalArgumentException e) {
            // QueryStringDecoder decodes lazily and throws for a broken escape such as %zz or a trailing %.
            throw new CaptionInputException("query", "malformed query: " + e.getMessage());
        }
    }

    /** The request in a JSON body. @throws CaptionInputException naming the field at fault */
    static CaptionRequest fromBody(ByteBuf content) {
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(content.nioBuffer())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CaptionInputException("body", "body is not UTF-8");
        }
        return CaptionRequest.fromJson(body);
    }

    private static FullHttpResponse failure(HttpVersion version, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return switch (cause) {
            case CaptionInputException e ->
                    json(version, HttpResponseStatus.BAD_REQUEST, error(e.getMessage(), e.field()));
            case CaptionBusyException e -> {
                FullHttpResponse busy =
                        json(version, HttpResponseStatus.SERVICE_UNAVAILABLE, error(e.getMessage(), null));
                busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                yield busy;
            }
            case CaptionDeadlineException e ->
                    json(version, HttpResponseStatus.GATEWAY_TIMEOUT, error(e.getMessage(), null));
            case CancellationException _ ->
                    json(version, HttpResponseStatus.SERVICE_UNAVAILABLE, error("render withdrawn", null));
            default -> {
                LOG.log(System.Logger.Level.ERROR, "caption render failed", cause);
                yield json(version, HttpResponseStatus.INTERNAL_SERVER_ERROR, error("internal error", null));
            }
        };
    }

    private static String error(String message, String field) {
        String json = "{\"error\":" + FlatJson.quote(message);
        return field == null ? json + "}" : json + ",\"field\":" + FlatJson.quote(field) + "}";
    }

    private static FullHttpResponse png(HttpVersion version, byte[] png) {
        return response(version, HttpResponseStatus.OK, HttpHeaderValues.IMAGE_PNG, Unpooled.wrappedBuffer(png));
    }

    private static FullHttpResponse json(HttpVersion version, HttpResponseStatus status, String json) {
        return response(version, status, HttpHeaderValues.APPLICATION_JSON,
                Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static FullHttpResponse response(HttpVersion version, HttpResponseStatus status, CharSequence type,
                                             ByteBuf body) {
        // Unpooled heap buffers: they are made on render threads, and wrapping the encoder's array copies nothing.
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        HttpUtil.setContentLength(response, body.readableBytes());
        return response;
    }
}
