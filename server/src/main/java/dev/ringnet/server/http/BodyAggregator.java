package dev.ringnet.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpContentException;

/**
 * Netty's {@link HttpObjectAggregator} with one change: a request whose body is over the limit is not answered
 * here but passed on as a body-less request whose decoder result is a {@link TooLongHttpContentException}, so that
 * its 413 goes out in turn with the other answers on the connection (Netty's writes it at once, ahead of answers
 * still being prepared for earlier pipelined requests).
 *
 * <p>The connection is kept, and the rest of the body skipped, when that is possible: the declared length was
 * over the limit before any body arrived, and the client wants keep-alive. Otherwise the stand-in request says
 * {@code Connection: close}. One per connection; its event loop.
 */
final class BodyAggregator extends HttpObjectAggregator {
    private final int maxBodySize;

    BodyAggregator(int maxBodySize) {
        super(maxBodySize);
        this.maxBodySize = maxBodySize;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
            // Netty would write its 413 here and now; returning null routes it through handleOversizedMessage.
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (!(oversized instanceof HttpRequest request)) {
            throw new IllegalStateException("a server aggregates requests only, got " + oversized);
        }
        // The aggregator releases `oversized` when this returns: copy what the answer needs.
        DefaultFullHttpRequest standIn = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri());
        standIn.setDecoderResult(DecoderResult.failure(new TooLongHttpContentException(
                "request body larger than " + maxBodySize + " bytes")));
        // A body already partly aggregated cannot be skipped cleanly from here: close after answering.
        boolean bodyStarted = oversized instanceof FullHttpMessage;
        if (bodyStarted || !HttpUtil.isKeepAlive(request)) {
            standIn.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.fireChannelRead(standIn);
    }
}
