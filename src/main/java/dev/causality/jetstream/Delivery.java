package dev.causality.jetstream;

import io.nats.client.impl.Headers;

import java.time.Duration;

/**
 * One message handed out by the {@link JetStreamConsumer}, held until it is settled exactly once:
 * acked (written), terminated (dead-lettered) or nak'ed (to be redelivered). An interface so that
 * the sink's route tests can hand the real routes deliveries without a JetStream server.
 */
public interface Delivery {

    /** The message's size as it came over the wire (data and headers): what holding it costs. */
    long size();

    byte[] data();

    String subject();

    /** The message's headers, or null when it has none. */
    Headers headers();

    String header(String name);

    long deliveredCount();

    long streamSequence();

    /** The time JetStream stored the message, ms since epoch. */
    long storedAtMs();

    void ack();

    void term();

    void nak(Duration delay);

    boolean isSettled();
}
