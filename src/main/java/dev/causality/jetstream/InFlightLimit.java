package dev.causality.jetstream;

import java.time.Duration;

/**
 * How much one consumer may hold unacked: a number of messages and a number of bytes. Counting
 * bytes as well keeps the heap bounded whatever the event mix (10,000 messages of 256 KiB would be
 * 2.5 GB). A fetch is sized to what is free, so the limits are exceeded by at most one message.
 */
final class InFlightLimit {

    private final int maxMessages;
    private final long maxBytes;
    private int messages; // guarded by this
    private long bytes;   // guarded by this
    // what the waiter in awaitRoom needs (one fetch thread per consumer); guarded by this
    private boolean waiting;
    private int wantMessages;
    private long wantBytes;

    InFlightLimit(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    synchronized void take(long size) {
        messages++;
        bytes += size;
    }

    /**
     * Wakes the waiter only once its room is free: a batch's acks give back a thousand messages one
     * by one, and waking the fetch thread for each cost a context switch per message.
     */
    synchronized void give(long size) {
        messages--;
        bytes -= size;
        if (waiting && freeMessages() >= wantMessages && freeBytes() >= wantBytes) {
            waiting = false;
            notifyAll();
        }
    }

    synchronized int freeMessages() {
        return Math.max(0, maxMessages - messages);
    }

    synchronized long freeBytes() {
        return Math.max(0, maxBytes - bytes);
    }

    synchronized long heldBytes() {
        return bytes;
    }

    int maxMessages() {
        return maxMessages;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Waits up to {@code time} until at least this many messages and bytes are free; true if they are. */
    synchronized boolean awaitRoom(int minMessages, long minBytes, Duration time) throws InterruptedException {
        long deadline = System.nanoTime() + time.toNanos();
        wantMessages = minMessages;
        wantBytes = minBytes;
        try {
            while (freeMessages() < minMessages || freeBytes() < minBytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waiting = true;
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } finally {
            waiting = false;
        }
    }
}
