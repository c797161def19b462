package dev.causality.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.jetstream.Delivery;
import dev.causality.jetstream.EventPublisher;
import dev.causality.lake.HivePartition;
import dev.causality.parquet.ParquetEventWriter;
import dev.causality.proto.v1.EventEnvelope;

import java.util.List;

/**
 * Sink, step 1: decodes a stream message into a {@link StoredEvent} with its partition. A message
 * that cannot be decoded, or cannot be written, is refused with a {@link DeadLetterException}.
 *
 * <p>A message delivered more than {@code maxDeliver} times is suspect (it may be what crashed the
 * sink before) but not guilty: a restart loop or an outage redelivers healthy events too. So it is
 * written to Parquet alone, in memory, first; only if that fails is it dead-lettered.
 */
public class DecodeStoredEvent {

    private final int maxDeliver;
    private final ParquetEventWriter writer;

    public DecodeStoredEvent(int maxDeliver, ParquetEventWriter writer) {
        this.maxDeliver = maxDeliver;
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
        long receivedAt = receivedAt(delivery);
        if (delivery.deliveredCount() > maxDeliver) {
            try {
                writer.write(List.of(new ParquetEventWriter.Row(event, receivedAt)));
            } catch (RuntimeException e) {
                throw new DeadLetterException("delivered " + delivery.deliveredCount()
                        + " times without being written (max " + maxDeliver + "), and cannot be written alone: " + e, e);
            }
        }
        HivePartition partition = HivePartition.of(event.getAppId(), event.getTimestampMs());
        return new StoredEvent(receivedAt, partition, delivery);
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
