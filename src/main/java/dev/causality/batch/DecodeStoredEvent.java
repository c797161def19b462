package dev.causality.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.event.EventTimes;
import dev.causality.jetstream.Delivery;
import dev.causality.jetstream.EventPublisher;
import dev.causality.lake.HivePartition;
import dev.causality.lake.PartitionBound;
import dev.causality.parquet.ParquetEventWriter;
import dev.causality.proto.v1.EventEnvelope;

import java.util.List;

/**
 * Sink, step 1: decodes a stream message into a {@link StoredEvent} with its {@link EventTimes}
 * and its partition, by the {@link PartitionBound}. A message that cannot be decoded, or cannot be
 * written, is refused with a {@link DeadLetterException}.
 *
 * <p>A message delivered more than {@code maxDeliver} times is suspect (it may be what crashed the
 * sink before) but not guilty: a restart loop or an outage redelivers healthy events too. So it is
 * written to Parquet alone, in memory, first; only if that fails is it dead-lettered.
 */
public class DecodeStoredEvent {

    private final int maxDeliver;
    private final PartitionBound bound;
    private final ParquetEventWriter writer;

    public DecodeStoredEvent(int maxDeliver, PartitionBound bound, ParquetEventWriter writer) {
        this.maxDeliver = maxDeliver;
        this.bound = bound;
        this.writer = writer;
    }

    public StoredEvent decode(Delivery delivery) {
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
        if (delivery.deliveredCount() > maxDeliver) {
            try {
                writer.write(List.of(new ParquetEventWriter.Row(event, times)));
            } catch (RuntimeException e) {
                throw new DeadLetterException("delivered " + delivery.deliveredCount()
                        + " times without being written (max " + maxDeliver + "), and cannot be written alone: " + e, e);
            }
        }
        HivePartition partition = bound.partition(event.getAppId(), times);
        return new StoredEvent(times, partition, delivery);
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
