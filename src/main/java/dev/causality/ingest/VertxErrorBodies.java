package dev.causality.ingest;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Gives the one client error that Vert.x answers before a request reaches a route, a body over the
 * size limit, the same JSON error body as every other API error.
 */
public class VertxErrorBodies implements ExtendedStartupListener {


    private final long maxBodyBytes;

    public VertxErrorBodies(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router exists only once the HTTP server has started: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (Router router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
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

    private void tooLarge(RoutingContext routing) {
        routing.response()
                .setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .end(ErrorResponse.toJson(RequestBody.tooLarge(maxBodyBytes)));
    }
}
