package dev.causality.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTimesTest {

    static final long RECEIVED = 1_780_000_000_000L;
    static final long DAY = 86_400_000L;

    @Test
    void aClockThreeDaysBehindIsMovedOntoTheCollectorsClock() {
        long deviceNow = RECEIVED - 3 * DAY;
        // happened 10 minutes before the device sent it, by the device's (wrong) clock
        EventTimes times = EventTimes.of(deviceNow - 600_000, RECEIVED, deviceNow);
        assertEquals(RECEIVED - 600_000, times.eventTimeMs());
        assertEquals(RECEIVED, times.receivedAtMs());
        assertEquals(deviceNow, times.sentAtMs());
        assertTrue(times.hasSentAt());
    }

    @Test
    void aClockAheadIsMovedBackToo() {
        assertEquals(RECEIVED - 5_000, EventTimes.of(RECEIVED + DAY - 5_000, RECEIVED, RECEIVED + DAY).eventTimeMs());
    }

    @Test
    void withoutASendTimeTheDevicesTimestampStands() {
        EventTimes times = EventTimes.of(RECEIVED - DAY, RECEIVED, 0);
        assertEquals(RECEIVED - DAY, times.eventTimeMs());
        assertFalse(times.hasSentAt());
    }

    @Test
    void withoutATimestampTheReceiveTimeIsTheEventTimeUncorrected() {
        // the collector's own clock needs no correction, whatever the client's send time says
        assertEquals(RECEIVED, EventTimes.of(0, RECEIVED, RECEIVED - 3 * DAY).eventTimeMs());
        assertEquals(RECEIVED, EventTimes.of(0, RECEIVED, 0).eventTimeMs());
    }

    @Test
    void absurdClocksDoNotOverflow() {
        assertEquals(Long.MAX_VALUE - 1, EventTimes.of(Long.MAX_VALUE - 1, RECEIVED, 1).eventTimeMs());
    }
}
