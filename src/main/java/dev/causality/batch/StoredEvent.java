package dev.causality.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.event.EventTimes;
import dev.causality.jetstream.Delivery;
import dev.causality.lake.HivePartition;
import dev.causality.proto.v1.EventEnvelope;

/**
 * An event read back from the stream: its times, its partition, what holding it costs (the
 * stream message's size) and the delivery to settle.
 * The decoded envelope is not kept: a sink holds thousands of messages while their batches fill,
 * and keeping only the stream message (a few hundred bytes) instead of the decoded object graph
 * (several KB of strings and sub-messages) keeps the garbage collector's work small. The writer
 * decodes each event again, from bytes {@link DecodeStoredEvent} already decoded once.
 */
public record StoredEvent(EventTimes times, HivePartition partition, long size, Delivery delivery) {

    public StoredEvent(EventTimes times, HivePartition partition, Delivery delivery) {
        this(times, partition, delivery.size(), delivery);
    }

    public EventEnvelope event() {
        try {
            return EventEnvelope.parseFrom(delivery.data());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("message " + delivery.streamSequence() + " decoded before, not now", e);
        }
    }
}
