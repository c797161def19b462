package dev.causality.jetstream;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.AckType;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link Delivery} of a JetStream message, held by its consumer's {@link HeldMessages} until it
 * is settled; while held, its ack deadline is kept alive.
 *
 * <p>It keeps what the sink reads and what settling needs (the bytes, the subjects, the headers as
 * plain pairs, the delivery count and times), not jnats' message: a sink holds thousands of
 * messages while their batches fill, and the message's object graph (two hash maps of headers, the
 * parsed reply subject and its date-time objects) was several times the size of its bytes, all of
 * it copied by the garbage collector while held. Settling publishes jnats' own ack bodies to the
 * reply subject, as {@code Message.ack()} does.
 */
final class JetStreamDelivery implements Delivery {

    private static final String[] NO_HEADERS = {};

    private final byte[] data;
    private final String subject;
    private final String replyTo;
    /** Header names and values, alternating, in the message's order (a name repeats for each value). */
    private final String[] headers;
    private final long size;
    private final long deliveredCount;
    private final long streamSequence;
    private final long storedAtMs;
    private final Connection connection;
    private final HeldMessages owner;
    private volatile boolean settled;

    JetStreamDelivery(Message message, HeldMessages owner) {
        NatsJetStreamMetaData meta = message.metaData();
        this.data = message.getData();
        this.subject = message.getSubject();
        this.replyTo = message.getReplyTo();
        this.headers = pairs(message.hasHeaders() ? message.getHeaders() : null);
        this.size = message.consumeByteCount();
        this.deliveredCount = meta.deliveredCount();
        this.streamSequence = meta.streamSequence();
        this.storedAtMs = meta.timestamp().toInstant().toEpochMilli();
        this.connection = message.getConnection();
        this.owner = owner;
    }

    /** One walk over the headers: room for one value per name (the usual case), grown when a name has more. */
    private static String[] pairs(Headers headers) {
        if (headers == null || headers.isEmpty()) {
            return NO_HEADERS;
        }
        String[] pairs = new String[2 * headers.size()];
        int i = 0;
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            for (String value : entry.getValue()) {
                if (i == pairs.length) {
                    pairs = Arrays.copyOf(pairs, 2 * pairs.length);
                }
                pairs[i++] = entry.getKey();
                pairs[i++] = value;
            }
        }
        return i == pairs.length ? pairs : Arrays.copyOf(pairs, i);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Headers headers() {
        if (headers.length == 0) {
            return null;
        }
        Headers copy = new Headers();
        for (int i = 0; i < headers.length; i += 2) {
            copy.add(headers[i], headers[i + 1]);
        }
        return copy;
    }

    @Override
    public byte[] data() {
        return data;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public String header(String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equals(name)) {
                return headers[i + 1];
            }
        }
        return null;
    }

    @Override
    public long deliveredCount() {
        return deliveredCount;
    }

    @Override
    public long streamSequence() {
        return streamSequence;
    }

    @Override
    public long storedAtMs() {
        return storedAtMs;
    }

    // Settling and keep-alives are sent under this delivery's lock: a keep-alive (+WPI) that reached
    // the server after a nak with delay would reset the message's timer to the full ack wait, so a
    // message given back for redelivery in 5 s would come back only after the ack wait (60 s).

    @Override
    public synchronized void ack() {
        if (settle()) {
            reply(AckType.AckAck, 0);
        }
    }

    @Override
    public synchronized void term() {
        if (settle()) {
            reply(AckType.AckTerm, 0);
        }
    }

    @Override
    public synchronized void nak(Duration delay) {
        if (settle()) {
            reply(AckType.AckNak, delay.toNanos());
        }
    }

    @Override
    public boolean isSettled() {
        return settled;
    }

    synchronized void keepAlive() {
        if (!settled) {
            try {
                reply(AckType.AckProgress, 0);
            } catch (RuntimeException e) {
                // the connection is down: the next keep-alive tries again
            }
        }
    }

    private void reply(AckType type, long delayNanos) {
        connection.publish(replyTo, type.bodyBytes(delayNanos));
    }

    private boolean settle() {
        if (!settled) {
            settled = true;
            owner.release(this);
            return true;
        }
        return false;
    }
}
