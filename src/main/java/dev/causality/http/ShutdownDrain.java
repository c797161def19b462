package dev.causality.http;

import dev.causality.ingest.ApiException;
import dev.causality.ingest.VertxErrorBodies;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainShutdownStrategy;
import org.apache.camel.main.MainSupport;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graceful shutdown a load balancer understands. When Camel starts to stop (SIGTERM), before any
 * route stops: /ready answers 503 at once, a new API request gets 503 + Retry-After, and the stop
 * waits until the requests in flight are answered (at most the drain timeout). Every answer in
 * that window closes its connection, so keep-alive clients and proxies reconnect to another
 * instance instead of losing a request to the port closing under them.
 */
public class ShutdownDrain extends LifecycleStrategySupport implements RouterSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration timeout;
    private final int retryAfterSeconds;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();
    private volatile boolean draining;

    public ShutdownDrain(Duration timeout, int retryAfterSeconds) {
        this.timeout = timeout;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Camel main's SIGTERM hook lets the JVM exit once the routes' shutdown timeout plus its extra
     * timeout have passed; the drain comes before both, so the hook must wait that much longer.
     */
    public static MainListener roomInTheSigtermHook() {
        return new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                String value = main.getCamelContext().resolvePropertyPlaceholders("{{shutdown.drain-timeout}}");
                long seconds = (TimeUtils.toMilliSeconds(value.trim()) + 999) / 1000;
                MainShutdownStrategy hook = ((MainSupport) main).getShutdownStrategy();
                hook.setExtraShutdownTimeout((int) Math.min(Integer.MAX_VALUE, hook.getExtraShutdownTimeout() + seconds));
            }
        };
    }

    public boolean isDraining() {
        return draining;
    }

    /** First of all handlers, so that it sees every request before anything else answers it. */
    @Override
    public void install(CamelContext context, Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::guard);
    }

    /** API requests (under /v1/) between their first byte and their last answer byte. */
    public int inFlight() {
        return inFlight.get();
    }

    private void guard(RoutingContext routing) {
        if (!routing.normalizedPath().startsWith("/v1/")) {
            routing.next(); // /health, /ready and the operator paths answer at once and are not drained
            return;
        }
        if (draining) {
            routing.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .putHeader("Connection", "close");
            VertxErrorBodies.end(routing, ApiException.unavailable("shutting down; retry on another instance"));
            return;
        }
        inFlight.incrementAndGet();
        routing.addHeadersEndHandler(headers -> {
            if (draining) {
                routing.response().putHeader("Connection", "close");
            }
        });
        routing.addEndHandler(ended -> {
            if (inFlight.decrementAndGet() == 0 && draining) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        });
        routing.next();
    }

    /** Camel calls this before it stops any route; the routes keep serving what is in flight. */
    @Override
    public void onContextStopping(CamelContext context) {
        if (draining) {
            return;
        }
        draining = true;
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        LOG.info("Shutting down: /ready answers 503, new API requests 503; draining {} request(s) in flight (at most {})",
                inFlight.get(), timeout);
        synchronized (drained) {
            long left;
            while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    drained.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        if (inFlight.get() > 0) {
            LOG.warn("Drain timeout ({}) reached with {} request(s) still in flight; stopping the routes anyway",
                    timeout, inFlight.get());
        } else {
            LOG.info("Drained in {} ms", took);
        }
    }
}
