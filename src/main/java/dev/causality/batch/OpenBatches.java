package dev.causality.batch;

import dev.causality.lake.HivePartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batches still filling, one per partition. A batch is complete when it holds
 * {@code maxEvents} events or {@code maxBytes} bytes, or {@code maxAge} after its first event
 * (its own age: a young batch is not cut by another's timer). Beyond {@code maxOpen} partitions
 * the oldest batch is completed; beyond {@code maxHeldEvents}/{@code maxHeldBytes} over all open
 * batches the largest ones are, so batches being uploaded always keep room in the consumer's
 * in-flight limit (else both would wait on each other). Knows nothing of Camel.
 */
public final class OpenBatches {

    /** The completion rules. */
    public record Limits(int maxEvents, long maxBytes, Duration maxAge, int maxOpen, int maxHeldEvents,
                         long maxHeldBytes) {
    }

    private final Limits limits;
    private final Map<HivePartition, EventBatch> open = new LinkedHashMap<>(); // guarded by this, oldest first
    private int heldEvents;  // guarded by this
    private long heldBytes;  // guarded by this

    public OpenBatches(Limits limits) {
        this.limits = limits;
    }

    /** Adds events; returns the batches this completed (possibly none). */
    public synchronized List<EventBatch> add(List<StoredEvent> events, long nowMs) {
        List<EventBatch> completed = new ArrayList<>();
        for (StoredEvent event : events) {
            EventBatch batch = open.get(event.partition());
            if (batch != null && (batch.size() + 1 > limits.maxEvents()
                    || batch.bytes() + event.size() > limits.maxBytes())) {
                completed.add(close(event.partition()));
                batch = null;
            }
            if (batch == null) {
                batch = new EventBatch(event.partition(), nowMs);
                open.put(event.partition(), batch);
            }
            batch.add(event);
            heldEvents++;
            heldBytes += event.size();
            if (batch.size() >= limits.maxEvents() || batch.bytes() >= limits.maxBytes()) {
                completed.add(close(event.partition()));
            }
        }
        while (open.size() > limits.maxOpen()) {
            completed.add(close(open.keySet().iterator().next()));
        }
        while (!open.isEmpty() && (heldEvents > limits.maxHeldEvents() || heldBytes > limits.maxHeldBytes())) {
            completed.add(close(open.values().stream().max(Comparator.comparingLong(EventBatch::bytes))
                    .orElseThrow().partition()));
        }
        return completed;
    }

    /** Completes the batches whose first event came {@code maxAge} ago or earlier. */
    public synchronized List<EventBatch> aged(long nowMs) {
        List<EventBatch> completed = new ArrayList<>();
        long startedBefore = nowMs - limits.maxAge().toMillis();
        for (EventBatch batch : List.copyOf(open.values())) {
            if (batch.startedAtMs() <= startedBefore) {
                completed.add(close(batch.partition()));
            }
        }
        return completed;
    }

    /** Completes every open batch (the sink is stopping). */
    public synchronized List<EventBatch> all() {
        List<EventBatch> completed = new ArrayList<>(open.size());
        for (HivePartition partition : List.copyOf(open.keySet())) {
            completed.add(close(partition));
        }
        return completed;
    }

    public synchronized int openEvents() {
        return heldEvents;
    }

    private EventBatch close(HivePartition partition) {
        EventBatch batch = open.remove(partition);
        heldEvents -= batch.size();
        heldBytes -= batch.bytes();
        return batch;
    }
}
