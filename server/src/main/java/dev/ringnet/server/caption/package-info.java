/**
 * {@code /caption}: a template image with a top and a bottom caption drawn on it, as PNG, rendered on a
 * bounded worker pool and never on a Netty event loop.
 *
 * <h2>In the server</h2>
 * {@code RingnetServer} makes one {@link dev.ringnet.server.caption.CaptionService} at startup from
 * {@code --worker-threads}, {@code --worker-queue}, {@code --caption-timeout}, {@code --caption-template-cache} and
 * {@code --caption-font-cache} (see {@link dev.ringnet.server.caption.CaptionConfig}), routes {@code /caption} to
 * {@code CaptionRoute}, which answers with what {@link dev.ringnet.server.caption.CaptionHttp#respond} completes
 * with, and closes the service at shutdown once every connection is closed.
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
 * {@code Font.createFont}; it needs a writable {@code java.io.tmpdir} once at startup, and the JVM must run with
 * {@code -Djava.awt.headless=true}. On Linux the JDK's font code still loads fontconfig and wants one system font
 * ({@code ci/setup-build} installs {@code fontconfig} and {@code fonts-dejavu-core}).
 */
package dev.ringnet.server.caption;
