package dev.causality.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance of the HTTP servers, bound in the registry so that platform-http uses it.
 * platform-http 4.17 creates its server with plain {@link HttpServerOptions} (no idle timeout) and
 * maps no setting to them; this instance closes a connection that sends and receives nothing for
 * {@code idleTimeout} on every server it creates.
 */
public final class EdgeVertx extends VertxWrapper {

    private final Duration idleTimeout;

    private EdgeVertx(VertxInternal delegate, Duration idleTimeout) {
        super(delegate);
        this.idleTimeout = idleTimeout;
    }

    public static EdgeVertx create(Duration idleTimeout) {
        return new EdgeVertx((VertxInternal) Vertx.vertx(new VertxOptions()), idleTimeout);
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        HttpServerOptions edge = new HttpServerOptions(options);
        if (!idleTimeout.isZero()) {
            edge.setIdleTimeout((int) Math.max(1, idleTimeout.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        return super.createHttpServer(edge);
    }

    @Override
    public HttpServer createHttpServer() {
        return createHttpServer(new HttpServerOptions());
    }
}
