package dev.ringnet.server.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CaptionHttp#handle} on real event loops (Netty's in-JVM local transport, with the real HTTP codecs):
 * answers that come back from a render thread are written on the channel's event loop, keep-alive and
 * {@code Connection: close} work, and 503 / 504 reach the client as HTTP.
 */
class CaptionHttpLoopTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
    private final LocalAddress address = new LocalAddress("caption-" + System.nanoTime());
    /** For each response written: whether {@code writeAndFlush} was called on the channel's event loop. */
    private final Set<Boolean> writtenOnEventLoop = ConcurrentHashMap.newKeySet();
    private final Set<String> renderedTops = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);
    private CaptionService service;
    private Channel server;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (server != null) {
            server.close().sync();
        }
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        service.close();
    }

    private void start(CaptionService captionService) throws InterruptedException {
        service = captionService;
        server = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        CaptionHttp.handle(recordingWriteThreads(ctx), req, service);
                                    }
                                });
                    }
                }).bind(address).sync().channel();
    }

    /**
     * {@code ctx}, noting for each {@code writeAndFlush} whether the caller is on the event loop. Netty would
     * itself move a write from another thread onto the loop, so the pipeline cannot tell; the caller's thread is
     * what shows that {@link CaptionHttp} hops to the loop before touching the channel.
     */
    private ChannelHandlerContext recordingWriteThreads(ChannelHandlerContext ctx) {
        return (ChannelHandlerContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ChannelHandlerContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("writeAndFlush")) {
                        writtenOnEventLoop.add(ctx.executor().inEventLoop());
                    }
                    try {
                        return method.invoke(ctx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private CaptionService fakeService(Duration timeout) {
        TemplateCache templates = new TemplateCache(1, List.of("dots"),
                name -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        Function<CaptionRequest, byte[]> render = request -> {
            if (request.top().equals("block")) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            renderedTops.add(request.top());
            return new byte[] {1, 2, 3};
        };
        return new CaptionService(new CaptionConfig(1, 1, 1, 1, timeout), templates, render);
    }

    /** A client connection that collects whole responses. */
    private final class Client implements AutoCloseable {
        final BlockingQueue<FullHttpResponse> responses = new LinkedBlockingQueue<>();
        final Channel channel;

        Client() throws InterruptedException {
            channel = new Bootstrap().group(loops).channel(LocalChannel.class)
                    .handler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1024 * 1024),
                                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                            responses.add(r.retainedDuplicate());
                                        }
                                    });
                        }
                    }).connect(address).sync().channel();
        }

        void send(FullHttpRequest request) {
            HttpUtil.setContentLength(request, request.content().readableBytes());
            channel.writeAndFlush(request);
        }

        FullHttpResponse exchange(FullHttpRequest request) throws InterruptedException {
            send(request);
            return next();
        }

        FullHttpResponse next() throws InterruptedException {
            FullHttpResponse response = responses.poll(20, TimeUnit.SECONDS);
            assertNotNull(response, "no response within 20 s");
            return response;
        }

        @Override
        public void close() throws InterruptedException {
            channel.close().sync();
            responses.forEach(FullHttpResponse::release);
        }
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    void realRenderArrivesAsADecodablePngWrittenOnTheEventLoop() throws Exception {
        start(new CaptionService(new CaptionConfig(2, 4, 4, 8, Duration.ofSeconds(20))));
        try (Client client = new Client()) {
            FullHttpResponse response =
                    client.exchange(get("/caption?template=gradient&top=hello+there&bottom=%C3%A9t%C3%A9"));
            assertEquals(HttpResponseStatus.OK, response.status(), response.content().toString(StandardCharsets.UTF_8));
            assertEquals("image/png", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
            BufferedImage image = TemplateCache.decode(ByteBufUtil.getBytes(response.content()), "response");
            assertEquals(TemplateArt.WIDTH, image.getWidth());
            assertEquals(TemplateArt.HEIGHT, image.getHeight());
            response.release();

            FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/caption",
                    Unpooled.copiedBuffer("{\"template\":\"dots\",\"bottom\":\"from json\"}", StandardCharsets.UTF_8));
            FullHttpResponse second = client.exchange(post);
            assertEquals(HttpResponseStatus.OK, second.status(), "same keep-alive connection, second request");
            BufferedImage secondImage = TemplateCache.decode(ByteBufUtil.getBytes(second.content()), "second");
            assertEquals(TemplateArt.WIDTH, secondImage.getWidth());
            second.release();
            assertTrue(client.channel.isActive());
        }
        assertEquals(Set.of(true), writtenOnEventLoop, "every response written on the channel's event loop");
    }

    @Test
    void connectionCloseIsHonouredAfterALateAnswer() throws Exception {
        start(fakeService(Duration.ofSeconds(20)));
        try (Client client = new Client()) {
            FullHttpRequest request = get("/caption?template=dots&top=bye");
            request.headers().set(HttpHeaderNames.CONNECTION, "close");
            FullHttpResponse response = client.exchange(request);
            assertEquals(HttpResponseStatus.OK, response.status());
            assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
            response.release();
            assertTrue(client.channel.closeFuture().await(10, TimeUnit.SECONDS), "server closed the connection");
        }
        assertEquals(Set.of(true), writtenOnEventLoop);
    }

    @Test
    void fullQueueAnswers503AndPastDeadlineAnswers504() throws Exception {
        // Long enough that "queued" cannot expire before "overflow" arrives, even on a loaded machine.
        start(fakeService(Duration.ofSeconds(2)));
        try (Client first = new Client(); Client second = new Client(); Client third = new Client()) {
            first.send(get("/caption?template=dots&top=block"));
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            second.send(get("/caption?template=dots&top=queued"));
            awaitQueued(1);
            FullHttpResponse busy = third.exchange(get("/caption?template=dots&top=overflow"));
            CaptionHttpTest.assertError(busy, HttpResponseStatus.SERVICE_UNAVAILABLE, "render queue full (1 waiting)",
                    null);

            // Both the blocked render and the queued one pass their 2 s deadline while the worker is stuck.
            CaptionHttpTest.assertError(first.next(), HttpResponseStatus.GATEWAY_TIMEOUT,
                    "render deadline passed while drawing", null);
            FullHttpResponse late = second.next();
            assertEquals(HttpResponseStatus.GATEWAY_TIMEOUT, late.status());
            late.release();
        }
        assertFalse(renderedTops.contains("queued"), "a render past its deadline is never started");
        assertEquals(Set.of(true), writtenOnEventLoop);
    }

    @Test
    void clientHangingUpWithdrawsItsQueuedRender() throws Exception {
        start(fakeService(Duration.ofSeconds(30)));
        try (Client first = new Client()) {
            first.send(get("/caption?template=dots&top=block"));
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            Client quitter = new Client();
            quitter.send(get("/caption?template=dots&top=abandoned"));
            awaitQueued(1);
            quitter.close();
            awaitQueued(0); // withdrawn when the server saw the connection close, long before any deadline
            release.countDown();
            first.next().release();
        }
        assertFalse(renderedTops.contains("abandoned"));
    }

    /** Waits until exactly {@code count} renders wait in the queue: requests sent have reached the service. */
    private void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service.queuedRenders() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " queued renders, have " + service.queuedRenders());
            }
            Thread.sleep(5);
        }
    }
}
