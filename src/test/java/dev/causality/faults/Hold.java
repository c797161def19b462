package dev.causality.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The fixed waits the scenario prescribes: a fault lasts 30 s, a client honours Retry-After. Not a
 * wait for a condition (those poll the condition with a timeout).
 */
final class Hold {

    private Hold() {
    }

    static void on(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
