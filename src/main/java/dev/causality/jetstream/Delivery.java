package dev.causality.jetstream;

import io.nats.client.Message;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One message handed out by the {@link JetStreamConsumer}, held until it is settled exactly once:
 * acked (written), terminated (dead-lettered) or nak'ed (to be redelivered). While held, its ack
 * deadline is kept alive by the consumer.
 */
public final class Delivery {

    private final Message message;
    private final HeldMessages owner;
    private final long size;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(Message message, HeldMessages owner) {
        this.message = message;
        this.owner = owner;
        this.size = message.consumeByteCount();
    }

    /** The message's size as it came over the wire (data and headers): what holding it costs. */
    public long size() {
        return size;
    }

    public Message message() {
        return message;
    }

    public byte[] data() {
        return message.getData();
    }

    public String subject() {
        return message.getSubject();
    }

    public String header(String name) {
        return message.hasHeaders() ? message.getHeaders().getFirst(name) : null;
    }

    public long deliveredCount() {
        return message.metaData().deliveredCount();
    }

    public long streamSequence() {
        return message.metaData().streamSequence();
    }

    /** The time JetStream stored the message, ms since epoch. */
    public long storedAtMs() {
        return message.metaData().timestamp().toInstant().toEpochMilli();
    }

    public void ack() {
        if (settle()) {
            message.ack();
        }
    }

    public void term() {
        if (settle()) {
            message.term();
        }
    }

    public void nak(Duration delay) {
        if (settle()) {
            message.nakWithDelay(delay);
        }
    }

    public boolean isSettled() {
        return settled.get();
    }

    void keepAlive() {
        if (!settled.get()) {
            try {
                message.inProgress();
            } catch (RuntimeException e) {
                // the connection is down: the next keep-alive tries again
            }
        }
    }

    private boolean settle() {
        if (settled.compareAndSet(false, true)) {
            owner.release(this);
            return true;
        }
        return false;
    }
}
