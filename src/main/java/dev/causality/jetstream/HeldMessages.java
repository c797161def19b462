package dev.causality.jetstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages a consumer has handed out and not yet settled, counted against its
 * {@link InFlightLimit}. Their ack deadlines are kept alive ({@code inProgress}) while they wait for
 * their batch, so JetStream does not give them to another instance meanwhile.
 */
final class HeldMessages {

    private final Set<Delivery> held = ConcurrentHashMap.newKeySet();
    private final InFlightLimit limit;

    HeldMessages(InFlightLimit limit) {
        this.limit = limit;
    }

    Delivery hold(io.nats.client.Message message) {
        Delivery delivery = new Delivery(message, this);
        limit.take(delivery.size());
        held.add(delivery);
        return delivery;
    }

    /** Called once by a delivery as it is settled. */
    void release(Delivery delivery) {
        if (held.remove(delivery)) {
            limit.give(delivery.size());
        }
    }

    int count() {
        return held.size();
    }

    long bytes() {
        return limit.heldBytes();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Tells JetStream that every held message is still being worked on. */
    void keepAlive() {
        for (Delivery delivery : held) {
            delivery.keepAlive();
        }
    }

    /** Gives every held message back to JetStream for redelivery now (used when stopping). */
    int giveBack() {
        int count = 0;
        for (Delivery delivery : held) {
            delivery.nak(java.time.Duration.ZERO);
            count++;
        }
        return count;
    }
}
