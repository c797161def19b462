package dev.causality.jetstream;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer's in-flight room: the fetch thread waits for a fetch's worth, and is woken once it is free. */
class InFlightLimitTest {

    @Test
    void waiterIsWokenWhenItsRoomIsFreeNotBefore() throws Exception {
        InFlightLimit limit = new InFlightLimit(10, 1_000);
        for (int i = 0; i < 10; i++) {
            limit.take(100);
        }
        Thread[] waiter = new Thread[1];
        // a long wait: only a wake-up from give() can end it within the test's patience
        CompletableFuture<Boolean> room = CompletableFuture.supplyAsync(() -> {
            waiter[0] = Thread.currentThread();
            try {
                return limit.awaitRoom(3, 300, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter[0] != null
                && waiter[0].getState() == Thread.State.TIMED_WAITING);

        limit.give(100);
        limit.give(100);
        assertFalse(room.isDone(), "two of three messages free: still waiting");
        limit.give(100);
        assertTrue(room.get(10, TimeUnit.SECONDS), "woken once three messages and 300 bytes are free");
        assertEquals(3, limit.freeMessages());
        assertEquals(300, limit.freeBytes());
    }

    @Test
    void waitEndsFalseWhenTheRoomNeverComes() throws Exception {
        InFlightLimit limit = new InFlightLimit(1, 1_000);
        limit.take(10);
        assertFalse(limit.awaitRoom(1, 0, Duration.ofMillis(50)));
        limit.give(10);
        assertTrue(limit.awaitRoom(1, 0, Duration.ofMillis(50)), "free already: no wait");
    }
}
