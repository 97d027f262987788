package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The answers {@link CaptionHttp#respond} gives at once, before any render (400, 405, 413, and 503 for a full
 * queue), and the ones it gives later from a render thread. {@link CaptionRouteTest} runs them in the real server.
 */
class CaptionHttpTest {

    private HeldRenders held;
    private CaptionService service;

    @BeforeEach
    void start() {
        held = new HeldRenders(Duration.ofSeconds(30));
        service = held.service;
    }

    @AfterEach
    void stop() {
        held.close();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "/caption?template=nope&top=hi                  | template | unknown template",
            "/caption?top=hi                                | template | missing template",
            "/caption?template=&top=hi                      | template | missing template",
            "/caption?template=dots&top=a%01b               | top      | control character at character 1",
            "/caption?template=dots&bottom=line%0Abreak     | bottom   | control character at character 4",
            "/caption?template=dots&botom=typo              | botom    | unknown field (known: template, top, bottom)",
            "/caption?template=dots&top=a&top=b             | top      | repeated parameter",
            "/caption?template=dots&top=100%zz              | query    | ''",
            "/caption?template=dots&top=trailing%           | query    | ''",
    })
    void badQueryIsA400NamingTheField(String uri, String field, String message) {
        FullHttpResponse response = exchange(get(uri));
        assertError(response, HttpResponseStatus.BAD_REQUEST, message.isEmpty() ? null : message, field);
    }

    @Test
    void captionOverTheLimitIsA400() {
        String limit = "x".repeat(CaptionRequest.MAX_CAPTION_LENGTH);
        assertError(exchange(get("/caption?template=dots&bottom=" + limit + "y")), HttpResponseStatus.BAD_REQUEST,
                "caption too long (at most 200 characters)", "bottom");
        // Percent-encoded multi-byte characters count once each: 200 of them are fine.
        FullHttpResponse ok = respondNow(get("/caption?template=dots&top=" + "%C3%A9".repeat(200)));
        assertEquals(HttpResponseStatus.OK, ok.status());
        ok.release();
    }

    @Test
    void semicolonIsCaptionTextNotASeparator() {
        FullHttpResponse ok = respondNow(get("/caption?template=dots&top=a;b=c"));
        assertEquals(HttpResponseStatus.OK, ok.status(), ok.content().toString(StandardCharsets.UTF_8));
        ok.release();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"template\":\"nope\"}                          | template | unknown template",
            "{\"top\":\"hi\"}                                 | template | missing template",
            "{\"template\":\"dots\",\"top\":\"a\\u0000b\"}    | top      | control character at character 1",
            "{\"template\":\"dots\",\"top\":5}                | top      | must be a string",
            "{\"template\":\"dots\",\"size\":\"5\"}    | size     | unknown field (known: template, top, bottom)",
            "{\"template\":\"dots\",                          | body     | ''",
            "template=dots&top=hi                             | body     | ''",
            "''                                               | body     | ''",
    })
    void badJsonIsA400NamingTheField(String body, String field, String message) {
        assertError(exchange(post(body)), HttpResponseStatus.BAD_REQUEST, message.isEmpty() ? null : message, field);
    }

    @Test
    void bodyThatIsNotUtf8IsA400() {
        FullHttpRequest request = post("");
        request.content().writeBytes(new byte[] {'{', '"', (byte) 0xC3, '"', '}'});
        assertError(exchange(request), HttpResponseStatus.BAD_REQUEST, "body is not UTF-8", "body");
    }

    @Test
    void bodyOverTheLimitIsA413() {
        String body = "{\"template\":\"dots\",\"top\":\"" + " ".repeat(CaptionHttp.MAX_BODY_BYTES) + "\"}";
        assertError(exchange(post(body)), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "body too large (at most 8192 bytes)", "body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"})
    void otherMethodsAreA405WithAllow(String method) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method),
                "/caption?template=dots");
        FullHttpResponse response = exchange(request);
        assertError(response, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed", null);
        assertEquals("GET, POST", response.headers().get(HttpHeaderNames.ALLOW));
    }

    @Test
    void fullQueueIsA503AtOnce() throws InterruptedException {
        service.submit(new CaptionRequest("dots", "block", ""));
        assertTrue(held.blocked.await(10, TimeUnit.SECONDS));
        CompletableFuture<byte[]> queued = service.submit(new CaptionRequest("dots", "queued", ""));
        FullHttpResponse response = exchange(get("/caption?template=dots&top=hi"));
        assertError(response, HttpResponseStatus.SERVICE_UNAVAILABLE, "render queue full (1 waiting)", null);
        assertEquals("1", response.headers().get(HttpHeaderNames.RETRY_AFTER));
        assertFalse(queued.isDone());
    }

    @Test
    void respondGivesThePngLater() throws Exception {
        FullHttpRequest request = get("/caption?template=dots&top=hi");
        FullHttpResponse response = CaptionHttp.respond(request, service).get(10, TimeUnit.SECONDS);
        request.release();
        assertEquals(HttpResponseStatus.OK, response.status());
        assertEquals("image/png", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals(4, response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
        assertNull(response.headers().get(HttpHeaderNames.CONNECTION), "keep-alive is the caller's decision");
        response.release();
    }

    @Test
    void cancellingRespondWithdrawsTheQueuedRender() throws Exception {
        service.submit(new CaptionRequest("dots", "block", ""));
        assertTrue(held.blocked.await(10, TimeUnit.SECONDS));
        FullHttpRequest request = get("/caption?template=dots&top=abandoned");
        CompletableFuture<FullHttpResponse> abandoned = CaptionHttp.respond(request, service);
        request.release();
        assertTrue(abandoned.cancel(false));
        // The one queue slot is free again.
        CompletableFuture<byte[]> next = service.submit(new CaptionRequest("dots", "next", ""));
        assertFalse(next.isDone());
        held.release.countDown();
        next.get(10, TimeUnit.SECONDS);
    }

    private FullHttpResponse respondNow(FullHttpRequest request) {
        try {
            return CaptionHttp.respond(request, service).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            request.release();
        }
    }

    /** The answer {@link CaptionHttp#respond} gives without a render: it must be there when it returns. */
    private FullHttpResponse exchange(FullHttpRequest request) {
        try {
            CompletableFuture<FullHttpResponse> response = CaptionHttp.respond(request, service);
            assertTrue(response.isDone(), "answered at once, without a render");
            assertEquals(1, request.refCnt(), "respond() neither retains nor releases the request");
            return response.join();
        } finally {
            request.release();
        }
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    private static FullHttpRequest post(String body) {
        ByteBuf content = Unpooled.buffer().writeBytes(body.getBytes(StandardCharsets.UTF_8));
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/caption", content);
    }

    /** Status, JSON content type, and the exact JSON error object; releases the response. */
    static void assertError(FullHttpResponse response, HttpResponseStatus status, String message, String field) {
        try {
            String body = response.content().toString(StandardCharsets.UTF_8);
            assertEquals(status, response.status(), body);
            assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
            assertEquals(response.content().readableBytes(), response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
            var members = FlatJson.parseObject(body);
            if (message != null) {
                assertEquals(message, members.get("error"), body);
            } else {
                assertTrue(members.containsKey("error"), body);
            }
            assertEquals(field, members.get("field"), body);
            assertEquals(field == null ? 1 : 2, members.size(), body);
        } finally {
            response.release();
        }
    }
}
