package dev.causality.batch;

import dev.causality.jetstream.Delivery;
import io.nats.client.impl.Headers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A delivery for the in-JVM route tests (SinkRoutesTest): fixed bytes and size, and it records how
 * it was settled. Real-server tests use the real JetStream deliveries.
 */
final class FakeDelivery implements Delivery {

    enum Settled { ACKED, TERMINATED, NAKED }

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final byte[] data;
    private final long size;
    private final long sequence = SEQUENCE.incrementAndGet();
    private final long storedAtMs = System.currentTimeMillis();
    private final AtomicReference<Settled> settled = new AtomicReference<>();

    FakeDelivery(byte[] data, long size) {
        this.data = data;
        this.size = size;
    }

    /** How it was settled, or null while held. */
    Settled settled() {
        return settled.get();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] data() {
        return data;
    }

    @Override
    public String subject() {
        return "events.test";
    }

    @Override
    public Headers headers() {
        return null;
    }

    @Override
    public String header(String name) {
        return null;
    }

    @Override
    public long deliveredCount() {
        return 1;
    }

    @Override
    public long streamSequence() {
        return sequence;
    }

    @Override
    public long storedAtMs() {
        return storedAtMs;
    }

    @Override
    public void ack() {
        settle(Settled.ACKED);
    }

    @Override
    public void term() {
        settle(Settled.TERMINATED);
    }

    @Override
    public void nak(Duration delay) {
        settle(Settled.NAKED);
    }

    @Override
    public boolean isSettled() {
        return settled.get() != null;
    }

    private void settle(Settled how) {
        if (!settled.compareAndSet(null, how)) {
            throw new IllegalStateException("message " + sequence + " settled twice: " + settled.get() + ", then " + how);
        }
    }
}
