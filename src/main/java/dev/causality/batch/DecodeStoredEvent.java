package dev.causality.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.jetstream.Delivery;
import dev.causality.jetstream.EventPublisher;
import dev.causality.jetstream.JetStreamConsumer;
import dev.causality.lake.HivePartition;
import dev.causality.proto.v1.EventEnvelope;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sink, step 1: decodes a stream message into a {@link StoredEvent} and names its partition in the
 * {@link #PARTITION} header. A message that cannot be decoded, or that was delivered too often,
 * is refused with a {@link DeadLetterException}.
 */
public class DecodeStoredEvent implements Processor {

    public static final String PARTITION = "CausalityPartition";

    private final int maxDeliver;

    public DecodeStoredEvent(int maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    @Override
    public void process(Exchange exchange) {
        Delivery delivery = exchange.getProperty(JetStreamConsumer.DELIVERY, Delivery.class);
        if (delivery.deliveredCount() > maxDeliver) {
            throw new DeadLetterException("delivered " + delivery.deliveredCount()
                    + " times without being written (max " + maxDeliver + ")", null);
        }
        EventEnvelope event;
        try {
            event = EventEnvelope.parseFrom(delivery.data());
        } catch (InvalidProtocolBufferException e) {
            throw new DeadLetterException("not a causality.v1.EventEnvelope: " + e.getMessage(), e);
        }
        if (event.getPayloadCase() == EventEnvelope.PayloadCase.PAYLOAD_NOT_SET || event.getAppId().isEmpty()) {
            throw new DeadLetterException("event has no app_id or no payload", null);
        }
        long receivedAt = receivedAt(delivery);
        HivePartition partition = HivePartition.of(event.getAppId(), event.getTimestampMs());
        exchange.getMessage().setHeader(PARTITION, partition.path());
        exchange.getMessage().setBody(new StoredEvent(receivedAt, partition, delivery));
    }

    /** The collector's receive time; for a message published by other means, the time JetStream stored it. */
    private static long receivedAt(Delivery delivery) {
        String header = delivery.header(EventPublisher.RECEIVED_AT_HEADER);
        if (header != null) {
            try {
                return Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                // fall through to the stream's own time
            }
        }
        return delivery.storedAtMs();
    }
}
