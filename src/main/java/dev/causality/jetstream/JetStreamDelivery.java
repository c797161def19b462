package dev.causality.jetstream;

import io.nats.client.Message;
import io.nats.client.impl.Headers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Delivery} of a JetStream message, held by its consumer's {@link HeldMessages} until it
 * is settled; while held, its ack deadline is kept alive.
 */
final class JetStreamDelivery implements Delivery {

    private final Message message;
    private final HeldMessages owner;
    private final long size;
    private final AtomicBoolean settled = new AtomicBoolean();

    JetStreamDelivery(Message message, HeldMessages owner) {
        this.message = message;
        this.owner = owner;
        this.size = message.consumeByteCount();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Headers headers() {
        return message.hasHeaders() ? message.getHeaders() : null;
    }

    @Override
    public byte[] data() {
        return message.getData();
    }

    @Override
    public String subject() {
        return message.getSubject();
    }

    @Override
    public String header(String name) {
        return message.hasHeaders() ? message.getHeaders().getFirst(name) : null;
    }

    @Override
    public long deliveredCount() {
        return message.metaData().deliveredCount();
    }

    @Override
    public long streamSequence() {
        return message.metaData().streamSequence();
    }

    @Override
    public long storedAtMs() {
        return message.metaData().timestamp().toInstant().toEpochMilli();
    }

    // Settling and keep-alives are sent under this delivery's lock: a keep-alive (+WPI) that reached
    // the server after a nak with delay would reset the message's timer to the full ack wait, so a
    // message given back for redelivery in 5 s would come back only after the ack wait (60 s).

    @Override
    public synchronized void ack() {
        if (settle()) {
            message.ack();
        }
    }

    @Override
    public synchronized void term() {
        if (settle()) {
            message.term();
        }
    }

    @Override
    public synchronized void nak(Duration delay) {
        if (settle()) {
            message.nakWithDelay(delay);
        }
    }

    @Override
    public boolean isSettled() {
        return settled.get();
    }

    synchronized void keepAlive() {
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
