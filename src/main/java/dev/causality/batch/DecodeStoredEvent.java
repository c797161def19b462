package dev.causality.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.event.EventTimes;
import dev.causality.jetstream.Delivery;
import dev.causality.jetstream.EventPublisher;
import dev.causality.jetstream.JetStreamConsumer;
import dev.causality.lake.HivePartition;
import dev.causality.lake.PartitionBound;
import dev.causality.proto.v1.EventEnvelope;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sink, step 1: decodes a stream message into a {@link StoredEvent} with its {@link EventTimes},
 * and names its partition, by the {@link PartitionBound}, in the {@link #PARTITION} header. A message that cannot be decoded, or that was delivered too often,
 * is refused with a {@link DeadLetterException}.
 */
public class DecodeStoredEvent implements Processor {

    public static final String PARTITION = "CausalityPartition";

    private final int maxDeliver;
    private final PartitionBound bound;

    public DecodeStoredEvent(int maxDeliver, PartitionBound bound) {
        this.maxDeliver = maxDeliver;
        this.bound = bound;
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
        EventTimes times = times(delivery, event);
        HivePartition partition = bound.partition(event.getAppId(), times);
        exchange.getMessage().setHeader(PARTITION, partition.path());
        exchange.getMessage().setBody(new StoredEvent(times, partition, delivery));
    }

    /**
     * The times the collector put in the headers. A message without them (published by an earlier
     * version, or by other means): received when JetStream stored it, no send time, and the
     * envelope's timestamp as its event time.
     */
    private static EventTimes times(Delivery delivery, EventEnvelope event) {
        Long received = longHeader(delivery, EventPublisher.RECEIVED_AT_HEADER);
        Long sent = longHeader(delivery, EventPublisher.SENT_AT_HEADER);
        Long eventTime = longHeader(delivery, EventPublisher.EVENT_TIME_HEADER);
        long receivedAt = received != null ? received : delivery.storedAtMs();
        long sentAt = sent != null && sent > 0 ? sent : 0;
        return eventTime != null
                ? new EventTimes(receivedAt, sentAt, eventTime)
                : EventTimes.of(event.getTimestampMs(), receivedAt, sentAt);
    }

    private static Long longHeader(Delivery delivery, String name) {
        String header = delivery.header(name);
        if (header != null) {
            try {
                return Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                // as if absent
            }
        }
        return null;
    }
}
