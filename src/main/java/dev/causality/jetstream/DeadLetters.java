package dev.causality.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Moves a message the sink gives up on to stream {@code EVENTS_DLQ} (subject {@code dlq.<original
 * subject>}, original headers plus the reason), then terminates it in the source stream. It is
 * never dropped: if the dead-letter publish fails, the message is not terminated and comes back.
 */
public class DeadLetters {

    public static final String STREAM = "EVENTS_DLQ";
    public static final String SUBJECT_PREFIX = "dlq.";
    public static final String REASON_HEADER = "Causality-Dlq-Reason";
    public static final String SEQUENCE_HEADER = "Causality-Dlq-Stream-Sequence";
    public static final String DELIVERED_HEADER = "Causality-Dlq-Delivered";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final NatsConnector nats;

    public DeadLetters(NatsConnector nats) {
        this.nats = nats;
    }

    public void deadLetter(Delivery delivery, String reason) {
        Headers headers = new Headers();
        if (delivery.message().hasHeaders()) {
            delivery.message().getHeaders().forEach((key, values) -> {
                if (!key.equalsIgnoreCase("Nats-Msg-Id")) {
                    headers.put(key, values);
                }
            });
        }
        String shortReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        headers.put(REASON_HEADER, shortReason.replace('\r', ' ').replace('\n', ' '));
        headers.put(SEQUENCE_HEADER, Long.toString(delivery.streamSequence()));
        headers.put(DELIVERED_HEADER, Long.toString(delivery.deliveredCount()));
        try {
            nats.jetStream().publish(NatsMessage.builder()
                    .subject(SUBJECT_PREFIX + delivery.subject())
                    .headers(headers)
                    .data(delivery.data())
                    .build(), PublishOptions.builder().expectedStream(STREAM).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dead-letter message " + delivery.streamSequence(), e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("cannot dead-letter message " + delivery.streamSequence(), e);
        }
        delivery.term();
        LOG.warn("Dead-lettered message {} of {} to {}: {}", delivery.streamSequence(), delivery.subject(), STREAM,
                shortReason);
    }
}
