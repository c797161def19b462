package dev.causality.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.event.EventTimes;
import dev.causality.jetstream.Delivery;
import dev.causality.jetstream.EventPublisher;
import dev.causality.lake.HivePartition;
import dev.causality.lake.PartitionBound;
import dev.causality.parquet.ParquetEventWriter;
import dev.causality.parquet.WireEvent;
import dev.causality.proto.v1.EventEnvelope;

import java.util.List;

/**
 * Sink, step 1: checks a stream message and finds its app and times ({@link WireEvent}, without
 * building the envelope; protobuf decides for any other encoding), and makes it a
 * {@link StoredEvent} with its {@link EventTimes} and its partition, by the {@link PartitionBound}.
 * A message that cannot be decoded, or cannot be written, is refused with a
 * {@link DeadLetterException}.
 *
 * <p>A message delivered more than {@code maxDeliver} times is suspect (it may be what crashed the
 * sink before) but not guilty: a restart loop or an outage redelivers healthy events too. So it is
 * written to Parquet alone, in memory, first; only if that fails is it dead-lettered.
 */
public class DecodeStoredEvent {

    /** The fetch thread's reader (a reader reuses its buffers, so one per thread). */
    private static final ThreadLocal<WireEvent> WIRE = ThreadLocal.withInitial(WireEvent::new);

    private final int maxDeliver;
    private final PartitionBound bound;
    private final ParquetEventWriter writer;

    public DecodeStoredEvent(int maxDeliver, PartitionBound bound, ParquetEventWriter writer) {
        this.maxDeliver = maxDeliver;
        this.bound = bound;
        this.writer = writer;
    }

    public StoredEvent decode(Delivery delivery) {
        byte[] data = delivery.data();
        WireEvent wire = WIRE.get();
        String appId;
        long timestampMs;
        if (wire.check(data)) {
            appId = wire.appId();
            timestampMs = wire.timestampMs();
        } else {
            // not protobuf's own encoding (unknown fields, merged messages...): protobuf decides
            EventEnvelope event;
            try {
                event = EventEnvelope.parseFrom(data);
            } catch (InvalidProtocolBufferException e) {
                throw new DeadLetterException("not a causality.v1.EventEnvelope: " + e.getMessage(), e);
            }
            if (event.getPayloadCase() == EventEnvelope.PayloadCase.PAYLOAD_NOT_SET) {
                throw new DeadLetterException("event has no app_id or no payload", null);
            }
            appId = event.getAppId();
            timestampMs = event.getTimestampMs();
        }
        if (appId == null || appId.isEmpty()) {
            throw new DeadLetterException("event has no app_id or no payload", null);
        }
        EventTimes times = times(delivery, timestampMs);
        if (delivery.deliveredCount() > maxDeliver) {
            try {
                writer.write(List.of(ParquetEventWriter.Row.stored(data, times)));
            } catch (RuntimeException e) {
                throw new DeadLetterException("delivered " + delivery.deliveredCount()
                        + " times without being written (max " + maxDeliver + "), and cannot be written alone: " + e, e);
            }
        }
        HivePartition partition = bound.partition(appId, times);
        return new StoredEvent(times, partition, delivery);
    }

    /**
     * The times the collector put in the headers. A message without them (published by an earlier
     * version, or by other means): received when JetStream stored it, no send time, and the
     * envelope's timestamp as its event time.
     */
    private static EventTimes times(Delivery delivery, long timestampMs) {
        Long received = longHeader(delivery, EventPublisher.RECEIVED_AT_HEADER);
        Long sent = longHeader(delivery, EventPublisher.SENT_AT_HEADER);
        Long eventTime = longHeader(delivery, EventPublisher.EVENT_TIME_HEADER);
        long receivedAt = received != null ? received : delivery.storedAtMs();
        long sentAt = sent != null && sent > 0 ? sent : 0;
        return eventTime != null
                ? new EventTimes(receivedAt, sentAt, eventTime)
                : EventTimes.of(timestampMs, receivedAt, sentAt);
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
