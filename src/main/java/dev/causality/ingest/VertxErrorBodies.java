package dev.causality.ingest;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.List;

/**
 * Gives the errors that Vert.x answers before a request reaches a route the same JSON body as every
 * other API error: a body over the size limit (413), a path without a route (404, or 503 while the
 * routes are still starting) and a method the path does not take (405).
 */
public class VertxErrorBodies implements ExtendedStartupListener {


    private final long maxBodyBytes;
    private final int retryAfterSeconds;

    public VertxErrorBodies(long maxBodyBytes, int retryAfterSeconds) {
        this.maxBodyBytes = maxBodyBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router exists only once the HTTP server has started: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (Router router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            // Last of all, for a request no route took: while a route that should run is not
            // running (starting up, or stopped by an operator) a retryable 503, never a 404 that a
            // client would take for its own mistake and drop its events over; else 405 for a known
            // path, 404 for an unknown one.
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
    }

    private void unrouted(CamelContext context, Router router, Route fallback, RoutingContext routing) {
        String method = routing.request().method().name();
        String path = routing.request().path();
        List<String> notRunning = StartingRoutes.of(context);
        if (!notRunning.isEmpty()) {
            routing.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
            end(routing, ApiException.unavailable("not running yet (starting up, or stopped): "
                    + String.join(", ", notRunning)));
        } else if (router.getRoutes().stream().anyMatch(r -> r != fallback && path.equals(r.getPath()))) {
            end(routing, new ApiException(405, "method_not_allowed", method + " is not allowed on " + path));
        } else {
            end(routing, new ApiException(404, "not_found", "no such endpoint: " + method + " " + path));
        }
    }

    private void tooLarge(RoutingContext routing) {
        end(routing, RequestBody.tooLarge(maxBodyBytes));
    }

    private static void end(RoutingContext routing, ApiException error) {
        if (routing.response().ended()) {
            return;
        }
        routing.response()
                .setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .end(ErrorResponse.toJson(error));
    }
}
