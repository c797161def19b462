package dev.causality.jetstream;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands the route one exchange per fetch: the body is the {@code List<}{@link Delivery}{@code >} of
 * the messages fetched, none of them acked. The route settles each delivery (ack once written,
 * term once dead-lettered); until then it is held, kept alive and counted against the in-flight
 * limits.
 *
 * <p>When the context stops, {@link #drain} stops the pulling and sends one last exchange with an
 * empty body and the {@link #STOPPING} header, so a route that collects messages can write what it
 * holds while every route still runs.
 */
public class JetStreamConsumer extends DefaultConsumer {

    /** Header of the last exchange a consumer sends as it stops: write what you hold now. */
    public static final String STOPPING = "CausalityJetStreamStopping";

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConsumer.class);

    private final JetStreamEndpoint endpoint;
    private final NatsConnector nats;
    private final InFlightLimit limit;
    private final HeldMessages held;
    private final ConsumerGauges gauges;
    private FetchLoop loop;
    private ExecutorService puller;
    private ScheduledExecutorService timer;

    JetStreamConsumer(JetStreamEndpoint endpoint, Processor processor, NatsConnector nats) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.nats = nats;
        this.limit = new InFlightLimit(endpoint.getMaxInFlight(), endpoint.getMaxInFlightBytes());
        this.held = new HeldMessages(limit);
        this.gauges = new ConsumerGauges(nats, endpoint.getStream(), endpoint.getDurable());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        MeterRegistry meters = getEndpoint().getCamelContext().getRegistry()
                .lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters != null) {
            gauges.register(meters, held);
        }
        ((JetStreamComponent) getEndpoint().getComponent()).register(this);
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        timer = executors.newSingleThreadScheduledExecutor(this, "jetstream-keepalive-" + endpoint.getDurable());
        long keepAlive = Math.max(200, endpoint.getAckWait().toMillis() / 3);
        timer.scheduleAtFixedRate(held::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(gauges::refreshPending, 1, 5, TimeUnit.SECONDS);
        loop = new FetchLoop(nats, endpoint, limit, held, this::deliver);
        puller = executors.newSingleThreadExecutor(this, "jetstream-" + endpoint.getStream() + "-" + endpoint.getDurable());
        puller.execute(loop);
        LOG.info("Consuming stream {} through durable consumer {} ({} messages or {} bytes in flight at most, ack wait {})",
                endpoint.getStream(), endpoint.getDurable(), limit.maxMessages(), limit.maxBytes(), endpoint.getAckWait());
    }

    @Override
    protected void doStop() throws Exception {
        stopPulling(Duration.ofSeconds(10));
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        ((JetStreamComponent) getEndpoint().getComponent()).unregister(this);
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (timer != null) {
            executors.shutdownNow(timer);
        }
        if (puller != null) {
            executors.shutdownNow(puller);
        }
        super.doShutdown();
    }

    public int heldMessages() {
        return held.count();
    }

    /**
     * Called as the CamelContext begins to stop, before any route does: stops pulling, sends the
     * {@link #STOPPING} exchange so the route writes what it holds, and waits (up to {@code timeout})
     * until every held message is settled. Whatever is still held then (the lake unreachable) is
     * given back to JetStream for redelivery now, to this or another instance.
     */
    void drain(Duration timeout) {
        stopPulling(Duration.ofSeconds(5));
        if (held.isEmpty()) {
            return;
        }
        LOG.info("Writing what the route holds ({} messages) before stopping", held.count());
        Exchange last = createExchange(false);
        last.getMessage().setHeader(STOPPING, true);
        last.getMessage().setBody(List.of());
        process(last, List.of());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!held.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        if (!held.isEmpty()) {
            LOG.warn("{} messages could not be written before stopping; they go back to JetStream for redelivery",
                    held.giveBack());
        }
    }

    private void stopPulling(Duration wait) {
        if (loop == null || !loop.isRunning()) {
            return;
        }
        loop.stop();
        try {
            puller.shutdown();
            puller.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(List<Delivery> deliveries) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(deliveries);
        process(exchange, deliveries);
    }

    private void process(Exchange exchange, List<Delivery> deliveries) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Processing a fetch failed; its messages will be redelivered",
                    exchange, exchange.getException());
            // whatever the route did not settle goes back now instead of after the ack wait
            deliveries.forEach(delivery -> delivery.nak(Duration.ofSeconds(1)));
        }
        releaseExchange(exchange, false);
    }
}
