package dev.causality.ingest;

import dev.causality.http.RouterSetup;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives the errors that Vert.x answers before a request reaches a route the same JSON body as every
 * other API error: a body over the size limit (413), a path without a route (404, or 503 while the
 * routes are still starting) and a method the path does not take (405).
 */
public class VertxErrorBodies implements RouterSetup {

    private final long maxBodyBytes;
    private final int retryAfterSeconds;

    public VertxErrorBodies(long maxBodyBytes, int retryAfterSeconds) {
        this.maxBodyBytes = maxBodyBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Called by the API's HTTP server before its port opens, when no route exists yet. */
    @Override
    public void install(CamelContext context, Router router) {
        // Last of all, for a request no route took: 503 + Retry-After while the route that serves
        // this path is not running (starting up, stopping, or stopped by an operator), never a 404
        // that a client would take for its own mistake and drop its events over; else 405 for a
        // known path, 404 for an unknown one.
        Route fallback = router.route().order(Integer.MAX_VALUE);
        fallback.handler(routing -> unrouted(context, router, fallback, routing));
        // Vert.x's body handler fails the request with 413 before any Camel route runs.
        router.route().order(Integer.MIN_VALUE).failureHandler(routing -> {
            if (routing.statusCode() == 413 && !routing.response().ended()) {
                tooLarge(routing);
            } else {
                routing.next();
            }
        });
    }

    private void unrouted(CamelContext context, Router router, Route fallback, RoutingContext routing) {
        String method = routing.request().method().name();
        String path = withoutTrailingSlash(routing.normalizedPath());
        List<String> notRunning = StartingRoutes.servingPath(context, path);
        if (!notRunning.isEmpty()) {
            routing.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
            end(routing, ApiException.unavailable("not running yet (starting up, or stopped): "
                    + String.join(", ", notRunning)));
            return;
        }
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route != fallback && route.getPath() != null && path.equals(withoutTrailingSlash(route.getPath()))
                    && route.methods() != null) {
                route.methods().forEach(m -> allowed.add(m.name()));
            }
        }
        if (!allowed.isEmpty()) {
            routing.response().putHeader("Allow", String.join(", ", allowed));
            end(routing, new ApiException(405, "method_not_allowed", method + " is not allowed on " + path
                    + " (allowed: " + String.join(", ", allowed) + ")"));
        } else {
            end(routing, new ApiException(404, "not_found", "no such endpoint: " + method + " " + path));
        }
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private void tooLarge(RoutingContext routing) {
        end(routing, RequestBody.tooLarge(maxBodyBytes));
    }

    /** Answers a request that no Camel route handles with the API's JSON error body. */
    public static void end(RoutingContext routing, ApiException error) {
        if (routing.response().ended()) {
            return;
        }
        routing.response()
                .setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .end(ErrorResponse.toJson(error));
    }
}
