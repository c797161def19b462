package dev.causality.batch;

import dev.causality.jetstream.Delivery;
import dev.causality.lake.HivePartition;
import dev.causality.proto.v1.EventEnvelope;

/** An event read back from the stream: the envelope, its receive time, its partition and the delivery to settle. */
public record StoredEvent(EventEnvelope event, long receivedAtMs, HivePartition partition, Delivery delivery) {
}
