package dev.causality.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a Vert.x handler in front of every platform-http route, before the body is read: the place
 * for what must happen to a request before it costs a buffer and a worker thread.
 */
public final class FirstHandler implements ExtendedStartupListener {

    private final Handler<RoutingContext> handler;
    private final Set<Router> installed = ConcurrentHashMap.newKeySet();

    public FirstHandler(Handler<RoutingContext> handler) {
        this.handler = handler;
    }

    /** The HTTP server listens by now, and the routes have not started yet. */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        install(context);
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        install(context);
    }

    private void install(CamelContext context) {
        for (Router router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (installed.add(router)) {
                // after VertxErrorBodies' failure handler (MIN_VALUE), before every route's body handler
                router.route().order(Integer.MIN_VALUE + 1).handler(handler);
            }
        }
    }
}
