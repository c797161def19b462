package dev.causality.http;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceHelper;

import java.util.Comparator;

/**
 * Camel main's HTTP server (camel.server.*), except that the {@link RouterSetup} beans are installed
 * on its router before the port opens. Camel's own server listens as soon as it starts, and the
 * routes come later: in between, Vert.x answered an API path with its HTML 404, which a client takes
 * for its own mistake and drops its events over.
 */
public class ApiHttpServer extends MainHttpServer {

    private VertxPlatformHttpServer server;

    @Override
    protected void doInit() throws Exception {
        // not super.doInit(): it makes a plain server; ours replaces it (the management server on
        // the same port finds it as the context's VertxPlatformHttpServer and shares it)
        server = new SetUpBeforeListening(getConfiguration());
        getCamelContext().addService(server);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(server);
        super.doStart(); // finds the router that our server bound, logs the endpoints
    }

    private static final class SetUpBeforeListening extends VertxPlatformHttpServer {

        private final VertxPlatformHttpServerConfiguration configuration;

        SetUpBeforeListening(VertxPlatformHttpServerConfiguration configuration) {
            super(configuration);
            this.configuration = configuration;
        }

        /** Runs between the router's creation and {@code listen}. */
        @Override
        protected void initializeServer() {
            super.initializeServer();
            CamelContext context = getCamelContext();
            Router router = VertxPlatformHttpRouter.lookup(context,
                    VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
            context.getRegistry().findByType(RouterSetup.class).stream()
                    .sorted(Comparator.comparing(setup -> setup.getClass().getName()))
                    .forEach(setup -> setup.install(context, router));
        }
    }
}
