package dev.causality.batch;

import dev.causality.lake.HivePartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The completion rules of open batches: count, bytes, each batch's own age, and the limits over all. */
class OpenBatchesTest {

    static final HivePartition SHOP = new HivePartition("shop", 2026, 11, 30, 10);
    static final HivePartition GAME = new HivePartition("game", 2026, 11, 30, 10);
    static final HivePartition NEWS = new HivePartition("news", 2026, 11, 30, 10);

    static OpenBatches batches(int maxEvents, long maxBytes, int maxOpen, int maxHeldEvents, long maxHeldBytes) {
        return new OpenBatches(new OpenBatches.Limits(maxEvents, maxBytes, Duration.ofSeconds(30), maxOpen,
                maxHeldEvents, maxHeldBytes));
    }

    static List<StoredEvent> events(HivePartition partition, int count, long size) {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new StoredEvent(null, partition, size, null));
        }
        return events;
    }

    @Test
    void aBatchIsCompleteAtItsEventCount() {
        OpenBatches open = batches(5, Long.MAX_VALUE, 100, 1000, Long.MAX_VALUE);
        List<EventBatch> done = open.add(events(SHOP, 12, 100), 0);
        assertEquals(List.of(5, 5), done.stream().map(EventBatch::size).toList());
        assertEquals(2, open.openEvents());
    }

    @Test
    void aBatchIsCompleteAtItsByteLimitAndNeverAboveIt() {
        OpenBatches open = batches(1000, 1000, 100, 1000, Long.MAX_VALUE);
        List<EventBatch> done = open.add(events(SHOP, 7, 300), 0);
        // 300+300+300 = 900; the 4th would make 1200: the batch of 3 is written, a new one starts
        assertEquals(List.of(3, 3), done.stream().map(EventBatch::size).toList());
        assertTrue(done.stream().allMatch(b -> b.bytes() <= 1000));
        List<EventBatch> exact = batches(1000, 1000, 100, 1000, Long.MAX_VALUE).add(events(SHOP, 4, 250), 0);
        assertEquals(List.of(4), exact.stream().map(EventBatch::size).toList(), "complete when the limit is reached");
    }

    @Test
    void eachBatchIsWrittenAtItsOwnAge() {
        OpenBatches open = batches(1000, Long.MAX_VALUE, 100, 1000, Long.MAX_VALUE);
        open.add(events(SHOP, 2, 10), 1_000);
        open.add(events(GAME, 2, 10), 20_000);
        open.add(events(SHOP, 1, 10), 25_000); // joins the old batch: does not make it younger
        assertEquals(List.of(), open.aged(30_999));
        List<EventBatch> old = open.aged(31_000);
        assertEquals(List.of(SHOP), old.stream().map(EventBatch::partition).toList());
        assertEquals(3, old.get(0).size());
        assertEquals(List.of(), open.aged(49_999), "the young batch is not cut by the old one's age");
        assertEquals(List.of(GAME), open.aged(50_000).stream().map(EventBatch::partition).toList());
    }

    @Test
    void beyondMaxOpenTheOldestBatchIsWritten() {
        OpenBatches open = batches(1000, Long.MAX_VALUE, 2, 1000, Long.MAX_VALUE);
        open.add(events(SHOP, 1, 10), 0);
        open.add(events(GAME, 1, 10), 1);
        List<EventBatch> done = open.add(events(NEWS, 1, 10), 2);
        assertEquals(List.of(SHOP), done.stream().map(EventBatch::partition).toList());
    }

    @Test
    void openBatchesHoldAtMostTheirShareOfTheInFlightBytes() {
        OpenBatches open = batches(1000, Long.MAX_VALUE, 100, 1000, 1000);
        open.add(events(SHOP, 3, 200), 0);
        List<EventBatch> done = open.add(events(GAME, 3, 200), 0); // 1200 > 1000: the largest goes
        assertEquals(1, done.size());
        assertEquals(600, done.get(0).bytes());
        assertEquals(List.of(3), open.all().stream().map(EventBatch::size).toList());
    }
}
