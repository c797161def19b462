package dev.causality.lake;

import dev.causality.event.EventTimes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PartitionBoundTest {

    static final long RECEIVED = Instant.parse("2026-11-30T14:25:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final PartitionBound WEEK = new PartitionBound(Duration.ofDays(7));

    @Test
    void anEventInsideTheBoundIsFiledUnderItsOwnHour() {
        assertEquals(RECEIVED - 3 * DAY, WEEK.partitionTimeMs(RECEIVED - 3 * DAY, RECEIVED));
        assertEquals(RECEIVED - 7 * DAY, WEEK.partitionTimeMs(RECEIVED - 7 * DAY, RECEIVED), "exactly the bound");
        assertEquals(RECEIVED + HOUR, WEEK.partitionTimeMs(RECEIVED + HOUR, RECEIVED), "exactly an hour ahead");
    }

    @Test
    void anEventOutsideTheBoundIsFiledUnderItsArrivalHour() {
        assertEquals(RECEIVED, WEEK.partitionTimeMs(RECEIVED - 7 * DAY - 1, RECEIVED));
        assertEquals(RECEIVED, WEEK.partitionTimeMs(0, RECEIVED), "epoch 0: never year=1970");
        assertEquals(RECEIVED, WEEK.partitionTimeMs(-5, RECEIVED));
        assertEquals(RECEIVED, WEEK.partitionTimeMs(RECEIVED + HOUR + 1, RECEIVED));
        assertEquals(RECEIVED, WEEK.partitionTimeMs(Long.MAX_VALUE, RECEIVED));
    }

    @Test
    void theBoundIsASetting() {
        PartitionBound day = new PartitionBound(Duration.ofDays(1));
        assertEquals(RECEIVED, day.partitionTimeMs(RECEIVED - 3 * DAY, RECEIVED));
        assertThrows(IllegalArgumentException.class, () -> new PartitionBound(Duration.ZERO));
    }

    @Test
    void thePartitionIsTheHourOfThatTime() {
        assertEquals(new HivePartition("shop", 2026, 11, 27, 14),
                WEEK.partition("shop", EventTimes.of(RECEIVED - 3 * DAY, RECEIVED, 0)));
        // a clock three days behind, corrected by its send time: the hour the event happened
        assertEquals(new HivePartition("shop", 2026, 11, 30, 14),
                WEEK.partition("shop", EventTimes.of(RECEIVED - 3 * DAY - 60_000, RECEIVED, RECEIVED - 3 * DAY)));
        assertEquals(new HivePartition("shop", 2026, 11, 30, 14), WEEK.partition("shop", EventTimes.of(1, RECEIVED, 0)));
    }

    @Test
    void anHourSettlesTheMaximumAgeAfterItEnds() {
        long hour = Instant.parse("2026-11-30T14:00:00Z").toEpochMilli();
        long settled = WEEK.settledAtMs(hour);
        assertEquals(Instant.parse("2026-12-07T15:00:00Z").toEpochMilli(), settled);
        // the last event still filed there: the hour's last millisecond, received just before it settles
        assertEquals(HivePartition.of("a", hour), HivePartition.of("a", WEEK.partitionTimeMs(hour + HOUR - 1, settled - 1)));
        assertEquals(settled + 1, WEEK.partitionTimeMs(hour + HOUR - 1, settled + 1), "later: its arrival hour");
    }
}
