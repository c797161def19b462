package dev.causality.batch;

import dev.causality.event.EventTimes;
import dev.causality.jetstream.Delivery;
import dev.causality.lake.HivePartition;

/**
 * An event read back from the stream: its times, its partition, what holding it costs (the
 * stream message's size) and the delivery to settle.
 * The decoded envelope is not kept: a sink holds thousands of messages while their batches fill,
 * and keeping only the stream message (a few hundred bytes) instead of the decoded object graph
 * (several KB of strings and sub-messages) keeps the garbage collector's work small. The writer
 * reads each event's bytes once, straight into its row ({@code WireEvent}).
 */
public record StoredEvent(EventTimes times, HivePartition partition, long size, Delivery delivery) {

    public StoredEvent(EventTimes times, HivePartition partition, Delivery delivery) {
        this(times, partition, delivery.size(), delivery);
    }

}
