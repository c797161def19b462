package dev.causality.lake;

import dev.causality.event.EventTimes;

import java.time.Duration;

/**
 * The rule that files an event under an hour of the lake. The hour of its corrected event time,
 * unless that lies more than {@code maxEventAge} before the collector received it, or more than
 * {@link #MAX_AHEAD} after: then the hour it was received. So a device whose clock is wrong, and
 * that sent no send time to correct it, costs at most the partitions of its arrival hours (never
 * {@code year=1970}), and an hour stops receiving files once {@code maxEventAge} has passed.
 */
public record PartitionBound(Duration maxEventAge) {

    /** How far ahead of its receive time an event time may lie: clocks a little fast, not days. */
    public static final Duration MAX_AHEAD = Duration.ofHours(1);

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    public PartitionBound {
        if (maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new IllegalArgumentException("the maximum event age must be positive, not " + maxEventAge);
        }
    }

    /** The time whose UTC hour is the event's partition. */
    public long partitionTimeMs(long eventTimeMs, long receivedAtMs) {
        boolean tooOld = eventTimeMs < receivedAtMs - maxEventAge.toMillis();
        boolean tooNew = eventTimeMs > receivedAtMs + MAX_AHEAD.toMillis();
        return tooOld || tooNew ? receivedAtMs : eventTimeMs;
    }

    public HivePartition partition(String appId, EventTimes times) {
        return HivePartition.of(appId, partitionTimeMs(times.eventTimeMs(), times.receivedAtMs()));
    }

    /**
     * When the hour starting at {@code hourStartMs} receives no more events by this rule: an event
     * of its last millisecond received {@code maxEventAge} later is the last one filed there. Its
     * file lands after that by the sink's own delay (batching, a backlog, an outage).
     */
    public long settledAtMs(long hourStartMs) {
        return hourStartMs + HOUR_MS + maxEventAge.toMillis();
    }
}
