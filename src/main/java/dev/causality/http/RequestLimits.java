package dev.causality.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work the API takes on at once. Every platform-http request runs on a Vert.x worker
 * thread, with an unbounded queue behind the pool and each queued request holding its body: beyond
 * {@code maxInFlight} API requests this answers 503 + Retry-After at once, before reading the body,
 * and closes that connection. And a request whose body has not fully arrived {@code readTimeout}
 * after its headers (a slow or stalled client) has its connection closed, so it holds neither a
 * slot nor a buffer for longer.
 */
public final class RequestLimits implements Handler<RoutingContext>, RouterSetup {

    /** Only the event API is limited; /health, /ready and the operator endpoints always answer. */
    static final String LIMITED_PREFIX = "/v1/";

    private final int maxInFlight;
    private final Duration readTimeout;
    private final int retryAfterSeconds;
    private final String busyBody;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @param busyBody the JSON error body of the 503 answer */
    public RequestLimits(int maxInFlight, Duration readTimeout, int retryAfterSeconds, String busyBody) {
        this.maxInFlight = maxInFlight;
        this.readTimeout = readTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
        this.busyBody = busyBody;
    }

    /** After the shutdown drain's guard, before every route's body handler. */
    @Override
    public void install(CamelContext context, Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this);
    }

    @Override
    public void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (!request.path().startsWith(LIMITED_PREFIX)) {
            routing.next();
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            routing.response().setStatusCode(503)
                    .putHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .putHeader("Content-Type", "application/json")
                    // the body is left unread: the connection cannot carry another request
                    .putHeader("Connection", "close")
                    .end(busyBody);
            return;
        }
        long timer = readTimeout.isZero() ? -1 : routing.vertx().setTimer(readTimeout.toMillis(), id -> {
            if (!request.isEnded()) {
                request.connection().close();
            }
        });
        routing.addEndHandler(done -> {
            inFlight.decrementAndGet();
            if (timer >= 0) {
                routing.vertx().cancelTimer(timer);
            }
        });
        routing.next();
    }

    /** API requests between arrival and answer right now. */
    public int inFlight() {
        return inFlight.get();
    }
}
