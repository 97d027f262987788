package dev.ringnet.server.http;

import dev.ringnet.server.http.files.StaticFileRoute;
import dev.ringnet.server.http.routes.CaptionRoute;
import dev.ringnet.server.http.routes.EchoRoute;
import dev.ringnet.server.http.routes.HealthRoute;
import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.http.routes.MetricsRoute;

/** The server's routes. Stateless. */
public final class HttpRoutes {
    private HttpRoutes() {
    }

    /**
     * {@code /hello}, {@code /echo}, {@code /healthz}, {@code /metrics}, {@code /caption}, and the static files under
     * the root for every other path. Returned as a builder so a caller can add or replace routes before building.
     */
    public static Router.Builder standard(ServerContext server) {
        return Router.builder(new StaticFileRoute(server.root(), server.config().fileRegions()))
                .route("/hello", new HelloRoute())
                .route("/echo", new EchoRoute())
                .route("/healthz", new HealthRoute())
                .route("/metrics", new MetricsRoute())
                .route("/caption", new CaptionRoute(server.captions()));
    }
}
