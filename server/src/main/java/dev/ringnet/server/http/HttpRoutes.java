package dev.ringnet.server.http;

import dev.ringnet.server.http.files.StaticFileRoute;
import dev.ringnet.server.http.routes.CaptionRoute;
import dev.ringnet.server.http.routes.EchoRoute;
import dev.ringnet.server.http.routes.HealthRoute;
import dev.ringnet.server.http.routes.HelloRoute;
import dev.ringnet.server.http.routes.MetricsRoute;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The server's routes. Stateless. */
public final class HttpRoutes {
    private HttpRoutes() {
    }

    /**
     * {@code /hello}, {@code /echo}, {@code /healthz}, {@code /metrics}, {@code /caption}, and the static files under
     * the root for every other path. Returned as a builder so a caller can add or replace routes before building.
     * With {@code --metrics-address} {@code /metrics} is left out: whoever binds it privately does not want it
     * public here too (it then goes to the static files, which have no such file: 404).
     */
    public static Router.Builder standard(ServerContext server) {
        Router.Builder routes = Router.builder(new StaticFileRoute(server.root(), server.config().fileRegions()))
                .route("/hello", new HelloRoute())
                .route("/echo", new EchoRoute())
                .route("/healthz", new HealthRoute())
                .route("/caption", new CaptionRoute(server.captions()));
        if (server.config().metricsAddress() == null) {
            routes.route("/metrics", new MetricsRoute());
        }
        return routes;
    }

    /** The separate metrics listener's routes: {@code /metrics} and {@code /healthz}; 404 for every other path. */
    public static Router metricsOnly() {
        return Router.builder(exchange -> exchange.respond(
                        Responses.error(exchange.alloc(), HttpResponseStatus.NOT_FOUND, "not found")))
                .route("/metrics", new MetricsRoute())
                .route("/healthz", new HealthRoute())
                .build();
    }
}
