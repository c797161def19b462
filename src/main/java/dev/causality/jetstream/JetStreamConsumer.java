package dev.causality.jetstream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pulls messages from a durable JetStream consumer and hands each to the route as an exchange
 * whose body is the message data and whose {@link #DELIVERY} property is the {@link Delivery} to
 * settle. Nothing is acked here: the route acks after the write.
 *
 * <p>Flow control: at most {@code maxInFlight} messages are held. When fewer than a fetch's worth
 * of permits is left and the open batches hold at least half of them, every open batch is written;
 * when the permits are in batches being written, the consumer waits for those writes instead. The
 * batch aggregator is also flushed when it has {@code maxOpenBatches} open groups. Held messages
 * get {@code inProgress} every third of the ack wait, so JetStream does not redeliver them to
 * another instance while this one still works on them.
 */
public class JetStreamConsumer extends DefaultConsumer {

    /** Exchange property holding the {@link Delivery} of the message. */
    public static final String DELIVERY = "CausalityDelivery";

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConsumer.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(500);

    private final NatsConnector nats;
    private final JetStreamEndpoint.Options options;
    private final Semaphore permits;
    private final int minFetch;
    private final Set<Delivery> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong pending = new AtomicLong();
    private ScheduledExecutorService timer;
    private Thread puller;
    private volatile boolean running;
    private volatile JetStreamSubscription subscription;
    private AggregateProcessor aggregator;

    JetStreamConsumer(JetStreamEndpoint endpoint, Processor processor, NatsConnector nats,
                      JetStreamEndpoint.Options options) {
        super(endpoint, processor);
        this.nats = nats;
        this.options = options;
        this.permits = new Semaphore(options.maxInFlight());
        // fetch at least this many (permits allowing): a trickle of one-message fetches costs more than waiting
        this.minFetch = Math.max(1, Math.min(options.fetchBatch(), options.maxInFlight() / 4));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ((JetStreamComponent) getEndpoint().getComponent()).register(this);
        registerGauges();
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "jetstream-keepalive-" + options.durable());
            thread.setDaemon(true);
            return thread;
        });
        long keepAlive = Math.max(200, options.ackWait().toMillis() / 3);
        timer.scheduleAtFixedRate(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::refreshPending, 1, 5, TimeUnit.SECONDS);
        puller = new Thread(this::pullLoop, "jetstream-" + options.stream() + "-" + options.durable());
        puller.start();
        LOG.info("Consuming stream {} through durable consumer {} ({} max in flight, ack wait {})",
                options.stream(), options.durable(), options.maxInFlight(), options.ackWait());
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (puller != null) {
            puller.join(Duration.ofSeconds(10).toMillis());
        }
        unsubscribe();
        super.doStop();
    }

    /**
     * Called as the CamelContext begins to stop, before any route does: stops pulling, writes the
     * open batches while the routes still run, and waits (up to {@code timeout}) until every held
     * message is settled. Whatever stays unacked (the lake unreachable) is redelivered after the
     * ack wait, to this or another instance.
     */
    void drain(Duration timeout) {
        running = false;
        try {
            if (puller != null) {
                puller.join(Duration.ofSeconds(5).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        AggregateProcessor batches = aggregator();
        if (batches == null || held.isEmpty()) {
            return;
        }
        LOG.info("Writing the open batches ({} messages) before stopping", held.size());
        batches.forceCompletionOfAllGroups();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!held.isEmpty() && System.nanoTime() < deadline) {
            idle(Duration.ofMillis(20));
        }
        if (!held.isEmpty()) {
            LOG.warn("{} messages could not be written before stopping; JetStream redelivers them after {}",
                    held.size(), options.ackWait());
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        ((JetStreamComponent) getEndpoint().getComponent()).unregister(this);
        if (timer != null) {
            timer.shutdownNow();
        }
        super.doShutdown();
    }

    private void registerGauges() {
        MeterRegistry meters = getEndpoint().getCamelContext().getRegistry()
                .lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters == null) {
            return;
        }
        Gauge.builder("causality.sink.consumer.pending", this, JetStreamConsumer::pendingMessages)
                .description("Messages of the durable consumer not yet acked: undelivered plus in flight, all instances")
                .tag("consumer", options.durable()).register(meters);
        Gauge.builder("causality.sink.consumer.held", this, JetStreamConsumer::heldMessages)
                .description("Messages this instance holds unacked, in open or uploading batches")
                .tag("consumer", options.durable()).register(meters);
    }

    /** Messages in the stream not yet delivered plus those delivered but unacked, across all instances. */
    public long pendingMessages() {
        return pending.get();
    }

    public int heldMessages() {
        return held.size();
    }

    void release(Delivery delivery) {
        if (held.remove(delivery)) {
            permits.release();
        }
    }

    private void pullLoop() {
        while (running && isRunAllowed()) {
            try {
                if (!nats.isConnected()) {
                    subscription = null;
                    idle(Duration.ofMillis(500));
                    continue;
                }
                if (subscription == null) {
                    subscription = subscribe();
                }
                if (permits.availablePermits() < minFetch && !relieveBackpressure()) {
                    // the permits are in batches being written: wait for them instead of fetching a trickle
                    waitFor(permits, minFetch, Duration.ofMillis(200));
                    continue;
                }
                int wanted = Math.min(options.fetchBatch(), permits.availablePermits());
                if (wanted == 0) {
                    continue;
                }
                List<Message> messages = subscription.fetch(wanted, FETCH_WAIT);
                for (Message message : messages) {
                    permits.acquireUninterruptibly();
                    Delivery delivery = new Delivery(message, this);
                    held.add(delivery);
                    deliver(delivery);
                }
                if (tooManyOpenBatches()) {
                    LOG.debug("Writing all open batches: {} partitions open", options.maxOpenBatches());
                    aggregator().forceCompletionOfAllGroups();
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warn("Pulling from {}/{} failed ({}); retrying", options.stream(), options.durable(), e.toString());
                    subscription = null;
                    idle(Duration.ofSeconds(1));
                }
            }
        }
    }

    private void deliver(Delivery delivery) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(delivery.data());
        exchange.setProperty(DELIVERY, delivery);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Processing message " + delivery.streamSequence()
                    + " failed; it will be redelivered", exchange, exchange.getException());
            delivery.nak(Duration.ofSeconds(1));
        }
        releaseExchange(exchange, false);
    }

    /**
     * Called when fewer than a fetch's worth of permits are left. If the open (still filling) batches
     * hold at least half of what this instance may hold, writes them all so their permits come back,
     * and returns true. Otherwise the permits are in batches already being written: returns false,
     * and the caller waits for those writes rather than cutting the open batches into small files.
     */
    private boolean relieveBackpressure() {
        AggregateProcessor batches = aggregator();
        if (batches == null) {
            return permits.availablePermits() > 0; // no batches to write: fetch what the permits allow
        }
        long open = messagesInOpenBatches(batches);
        if (open * 2 < options.maxInFlight()) {
            return false;
        }
        LOG.debug("Writing all open batches: they hold {} of {} messages in flight", open, options.maxInFlight());
        batches.forceCompletionOfAllGroups();
        return true;
    }

    private boolean tooManyOpenBatches() {
        AggregateProcessor batches = aggregator();
        return batches != null && batches.getAggregationRepository().getKeys().size() >= options.maxOpenBatches();
    }

    /** Messages aggregated into groups not yet completed (the aggregator counts them per group). */
    private long messagesInOpenBatches(AggregateProcessor batches) {
        AggregationRepository repository = batches.getAggregationRepository();
        long open = 0;
        for (String key : repository.getKeys()) {
            Exchange group = repository.get(getEndpoint().getCamelContext(), key);
            if (group != null) {
                open += group.getProperty(Exchange.AGGREGATED_SIZE, 0, Integer.class);
            }
        }
        return open;
    }

    private AggregateProcessor aggregator() {
        if (aggregator == null && options.batchAggregator() != null) {
            aggregator = getEndpoint().getCamelContext().getProcessor(options.batchAggregator(), AggregateProcessor.class);
        }
        return aggregator;
    }

    private JetStreamSubscription subscribe() throws IOException, JetStreamApiException {
        ConsumerConfiguration config = ConsumerConfiguration.builder()
                .durable(options.durable())
                .filterSubject(options.filterSubject())
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(options.ackWait())
                .maxAckPending(options.maxAckPending()) // the server's default, 1000, starves the batches
                .build();
        nats.management().addOrUpdateConsumer(options.stream(), config);
        return nats.jetStream().subscribe(options.filterSubject(),
                PullSubscribeOptions.bind(options.stream(), options.durable()));
    }

    private void unsubscribe() {
        JetStreamSubscription sub = subscription;
        subscription = null;
        if (sub != null && nats.isConnected()) {
            try {
                sub.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("Unsubscribe failed: {}", e.toString());
            }
        }
    }

    private void keepAlive() {
        if (!nats.isConnected()) {
            return;
        }
        for (Delivery delivery : held) {
            try {
                delivery.keepAlive();
            } catch (RuntimeException e) {
                LOG.debug("inProgress failed: {}", e.toString());
            }
        }
    }

    private void refreshPending() {
        if (!nats.isConnected()) {
            return;
        }
        try {
            ConsumerInfo info = nats.management().getConsumerInfo(options.stream(), options.durable());
            pending.set(info.getNumPending() + info.getNumAckPending());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("Cannot read consumer info: {}", e.toString());
        }
    }

    private static void idle(Duration time) {
        java.util.concurrent.locks.LockSupport.parkNanos(time.toNanos());
    }

    /** Waits up to {@code time} for {@code count} permits to be free, without taking them. */
    private static void waitFor(Semaphore semaphore, int count, Duration time) {
        try {
            if (semaphore.tryAcquire(count, time.toMillis(), TimeUnit.MILLISECONDS)) {
                semaphore.release(count);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
