/**
 * {@code /caption}: a template image with a top and a bottom caption drawn on it, as PNG, rendered on a
 * bounded worker pool and never on a Netty event loop.
 *
 * <h2>Wiring it into the server</h2>
 * Three types are all a router needs:
 * <pre>{@code
 * // At startup (throws IllegalArgumentException for a bad knob, IllegalStateException if the font cannot load):
 * CaptionService captions = new CaptionService(new CaptionConfig(
 *         workerThreads, queueCapacity, templateCacheSize, fontCacheSize, renderTimeout));
 *
 * // In the HTTP handler, on the event loop, for GET or POST /caption (any method: others get a 405):
 * CaptionHttp.handle(ctx, fullHttpRequest, captions);   // the request stays the caller's to release
 *
 * // At shutdown, from the shutdown thread (blocks up to renderTimeout while queued renders finish):
 * captions.close();
 * }</pre>
 * The knobs and their defaults are on {@link dev.ringnet.server.caption.CaptionConfig};
 * {@code CaptionConfig.defaults()} has them all. A router that writes responses itself (to keep pipelined
 * responses in order, count statuses, or add {@code Connection: close} during shutdown) calls
 * {@link dev.ringnet.server.caption.CaptionHttp#respond} instead of {@code handle} and writes the response it
 * completes with on the channel's event loop.
 *
 * <h2>Threads</h2>
 * Requests are parsed and checked on the calling event loop (cheap, bounded by the body and caption limits).
 * Templates are decoded, text laid out and PNGs encoded on {@code caption-render-N} threads; one
 * {@code caption-deadline-1} thread answers requests whose deadline passes. Responses are written from the
 * channel's event loop.
 *
 * <h2>Resources</h2>
 * {@code /caption/templates/NAME.png} (drawn by this module's {@code TemplateArt} test class) and
 * {@code /caption/fonts/DejaVuSans-Bold.ttf} with its {@code LICENSE}. The font is loaded with
 * {@code Font.createFont}, so no system font or fontconfig is needed; it does need a writable
 * {@code java.io.tmpdir} once at startup, and the JVM should run with {@code -Djava.awt.headless=true}.
 */
package dev.ringnet.server.caption;
