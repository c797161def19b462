package dev.causality.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * Pulls from the durable consumer, as much as the {@link InFlightLimit} has room for, and hands
 * each fetch to {@code handler} as one list. All pulls go through one long-lived pull
 * subscription: a message the server sends as a pull expires lands in it and is taken by the next
 * fetch. (jnats' simplified {@code fetch} makes a subscription per fetch and closes it on its own
 * clock; a message that arrived just after was delivered but never seen, and came back only after
 * the ack wait: a one-minute stall at the tail of every drain that ended on a timed-out fetch.)
 * Such a late message is not counted by the limit until a fetch takes it: at most one pull's worth.
 *
 * <p>While the limit is (nearly) reached it waits for room rather than fetching a trickle: held
 * messages come back as their batches are written.
 */
final class FetchLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FetchLoop.class);
    /** How long a fetch waits to fill up; jnats accepts 1 s at least. */
    private static final Duration FETCH_WAIT = Duration.ofSeconds(1);
    /** A fetch may exceed the free bytes by this much: it must be able to take the largest message (1 MiB). */
    private static final long MIN_FETCH_BYTES = 2L << 20;

    private final NatsConnector nats;
    private final JetStreamEndpoint endpoint;
    private final InFlightLimit limit;
    private final HeldMessages held;
    private final Consumer<List<Delivery>> handler;
    private final int minFetch;
    private volatile boolean running = true;
    private JetStreamSubscription subscription;

    FetchLoop(NatsConnector nats, JetStreamEndpoint endpoint, InFlightLimit limit, HeldMessages held,
              Consumer<List<Delivery>> handler) {
        this.nats = nats;
        this.endpoint = endpoint;
        this.limit = limit;
        this.held = held;
        this.handler = handler;
        // fetch at least this many (room allowing): a trickle of one-message fetches costs more than waiting
        this.minFetch = Math.max(1, Math.min(endpoint.getFetchBatch(), endpoint.getMaxInFlight() / 4));
    }

    void stop() {
        running = false;
    }

    boolean isRunning() {
        return running;
    }

    @Override
    public void run() {
        try {
            pull();
        } finally {
            unsubscribe();
        }
    }

    private void pull() {
        while (running) {
            try {
                if (!nats.isConnected()) {
                    unsubscribe();
                    idle(FETCH_WAIT);
                    continue;
                }
                if (subscription == null) {
                    subscription = bind();
                }
                long minBytes = Math.min(MIN_FETCH_BYTES, limit.maxBytes() / 4);
                if (!limit.awaitRoom(minFetch, minBytes, Duration.ofMillis(200))) {
                    continue; // the room is in batches being written: wait for them
                }
                List<Delivery> fetched = fetch(Math.min(endpoint.getFetchBatch(), limit.freeMessages()),
                        Math.max(MIN_FETCH_BYTES, limit.freeBytes()));
                if (!fetched.isEmpty()) {
                    handler.accept(fetched); // also when stopping: the drain comes after this, with the routes running
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warn("Pulling from {}/{} failed ({}); retrying", endpoint.getStream(), endpoint.getDurable(),
                            e.toString());
                    unsubscribe();
                    idle(Duration.ofSeconds(1));
                }
            }
        }
    }

    private List<Delivery> fetch(int messages, long bytes) throws Exception {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, bytes);
        List<Delivery> fetched = new ArrayList<>(messages);
        subscription.pull(PullRequestOptions.builder(messages).maxBytes(maxBytes).expiresIn(FETCH_WAIT).build());
        long deadline = System.nanoTime() + FETCH_WAIT.toNanos();
        while (fetched.size() < messages) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Message message = subscription.nextMessage(Duration.ofNanos(Math.max(left, 1_000_000)));
            if (message == null) {
                break; // this pull expired or ended (no more messages, or its byte limit)
            }
            fetched.add(held.hold(message));
        }
        return fetched;
    }

    /**
     * Stops listening: messages already delivered to the subscription but not taken go back to
     * JetStream now (nak) instead of after the ack wait.
     */
    void unsubscribe() {
        JetStreamSubscription current = subscription;
        subscription = null;
        if (current == null) {
            return;
        }
        try {
            Message left;
            while ((left = current.nextMessage(Duration.ofMillis(50))) != null) {
                left.nak();
            }
            current.unsubscribe();
        } catch (Exception e) {
            // the connection is gone: the server gives them back after the ack wait
        }
    }

    /** Creates or updates the durable consumer (explicit ack, this ack wait) and binds to it. */
    private JetStreamSubscription bind() throws IOException, JetStreamApiException {
        ConsumerConfiguration config = ConsumerConfiguration.builder()
                .durable(endpoint.getDurable())
                .filterSubject(endpoint.getFilterSubject())
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(endpoint.getAckWait())
                .maxAckPending(endpoint.getMaxAckPending()) // the server's default, 1000, starves the batches
                .build();
        nats.management().addOrUpdateConsumer(endpoint.getStream(), config);
        return nats.jetStream().subscribe(null, PullSubscribeOptions.bind(endpoint.getStream(), endpoint.getDurable()));
    }

    private static void idle(Duration time) {
        LockSupport.parkNanos(time.toNanos());
    }
}
