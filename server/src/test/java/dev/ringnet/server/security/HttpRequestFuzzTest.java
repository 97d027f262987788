package dev.ringnet.server.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ringnet.server.caption.CaptionService;
import dev.ringnet.server.config.CommandLine;
import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.config.Settings;
import dev.ringnet.server.http.HttpChannelInitializer;
import dev.ringnet.server.http.HttpRoutes;
import dev.ringnet.server.http.Responses;
import dev.ringnet.server.http.ServerContext;
import dev.ringnet.server.metrics.ServerMetrics;
import dev.ringnet.server.net.ByteCounter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary bytes through the server's real HTTP pipeline ({@link HttpChannelInitializer} with the standard routes
 * and a small static root), on an {@link EmbeddedChannel}: no exception may reach the end of the pipeline, and
 * every answer has a status below 500 and no stack trace in its body. {@code /caption} is answered by a stub here
 * (its renders finish on worker threads, which an embedded channel cannot take); its parameters have
 * {@code caption.CaptionInputFuzzTest}.
 *
 * <p>Replays the committed inputs in {@code HttpRequestFuzzTestInputs/} in a normal build; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class HttpRequestFuzzTest {
    private static final ServerContext SERVER = server();
    private static final HttpChannelInitializer PIPELINE = new HttpChannelInitializer(SERVER,
            HttpRoutes.standard(SERVER).route("/caption", exchange -> exchange.respond(
                    Responses.error(exchange.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, "stub"))).build(),
            null, new ByteCounter(SERVER.metrics().listener("http")));

    @FuzzTest(maxDuration = "10s")
    void anyBytesGetADefinedAnswer(byte[] request) {
        List<HttpResponse> answers = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(PIPELINE);
        channel.pipeline().addAfter("codec", "capture", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof HttpResponse response) {
                    answers.add(response);
                    if (msg instanceof FullHttpResponse full) {
                        bodies.add(full.content().toString(StandardCharsets.ISO_8859_1));
                    }
                }
                ctx.write(msg, promise);
            }
        });
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(request));
            channel.runPendingTasks();
            channel.checkException(); // an exception that reached the pipeline's end
        } finally {
            channel.finishAndReleaseAll();
        }
        for (HttpResponse answer : answers) {
            int status = answer.status().code();
            assertTrue(status >= 100 && status < 500, "status " + status + " for " + quote(request));
        }
        for (String body : bodies) {
            assertFalse(body.contains("Exception") || body.contains("\tat "),
                    "a stack trace went to the client: " + body);
        }
    }

    private static String quote(byte[] request) {
        return new String(request, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }

    private static ServerContext server() {
        try {
            Path root = Files.createTempDirectory("ringnet-fuzz-root-");
            Files.writeString(root.resolve("hello.txt"), "hello\n");
            Files.createDirectory(root.resolve("dir"));
            Files.writeString(root.resolve("dir/index.html"), "<p>dir</p>\n");
            ServerConfig config = ServerConfig.from(Settings.resolve(CommandLine.parse(List.of("--root",
                    root.toString(), "--worker-threads", "1", "--header-timeout", "0", "--idle-timeout", "0",
                    "--write-timeout", "0")), Map.of()));
            return new ServerContext(config, root.toRealPath(), new ServerMetrics("embedded"),
                    new CaptionService(config.caption()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
