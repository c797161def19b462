package dev.causality.jetstream;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

/**
 * The dead-letter stream {@code EVENTS_DLQ}: where the sink moves a message it gives up on, with
 * the reason. The route publishes them ({@code to: jetstream:EVENTS_DLQ}) and only then terminates
 * the originals: a message whose dead letter was not stored comes back.
 */
public final class DeadLetters {

    public static final String STREAM = "EVENTS_DLQ";
    public static final String SUBJECT_PREFIX = "dlq.";
    public static final String REASON_HEADER = "Causality-Dlq-Reason";
    public static final String SEQUENCE_HEADER = "Causality-Dlq-Stream-Sequence";
    public static final String DELIVERED_HEADER = "Causality-Dlq-Delivered";

    private DeadLetters() {
    }

    /**
     * The dead letter of a message: subject {@code dlq.<original subject>}, the original bytes and
     * headers (less its dedup id, which belongs to the EVENTS stream) and the reason.
     */
    public static Message message(Delivery delivery, String reason) {
        Headers headers = new Headers();
        if (delivery.headers() != null) {
            delivery.headers().forEach((key, values) -> {
                if (!key.equalsIgnoreCase(EventPublisher.MESSAGE_ID_HEADER)) {
                    headers.put(key, values);
                }
            });
        }
        String shortReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        headers.put(REASON_HEADER, shortReason.replace('\r', ' ').replace('\n', ' '));
        headers.put(SEQUENCE_HEADER, Long.toString(delivery.streamSequence()));
        headers.put(DELIVERED_HEADER, Long.toString(delivery.deliveredCount()));
        // a message refused again after its dead letter was stored but before it was terminated
        // (redelivered meanwhile) is one dead letter, not two: the DLQ stream dedups by this id
        headers.put(EventPublisher.MESSAGE_ID_HEADER, "dlq-" + delivery.streamSequence());
        return NatsMessage.builder().subject(SUBJECT_PREFIX + delivery.subject()).headers(headers)
                .data(delivery.data()).build();
    }
}
