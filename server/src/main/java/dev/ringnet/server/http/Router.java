package dev.ringnet.server.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the route for a request by its exact path; every other path goes to the fallback (the static files).
 * Immutable once built; any thread.
 */
public final class Router {
    private final Map<String, HttpRoute> routes;
    private final HttpRoute fallback;

    private Router(Map<String, HttpRoute> routes, HttpRoute fallback) {
        this.routes = Map.copyOf(routes);
        this.fallback = fallback;
    }

    /** A builder whose unmatched paths go to {@code fallback}. */
    public static Builder builder(HttpRoute fallback) {
        return new Builder(fallback);
    }

    /** The route for the still-encoded {@code path}. */
    public HttpRoute routeFor(String path) {
        return routes.getOrDefault(path, fallback);
    }

    /** Collects routes; not thread-safe. */
    public static final class Builder {
        private final Map<String, HttpRoute> routes = new HashMap<>();
        private final HttpRoute fallback;

        private Builder(HttpRoute fallback) {
            this.fallback = fallback;
        }

        /** Sends requests for exactly {@code path} to {@code route}, replacing any route given before. */
        public Builder route(String path, HttpRoute route) {
            routes.put(path, route);
            return this;
        }

        /** The router. */
        public Router build() {
            return new Router(routes, fallback);
        }
    }
}
