package dev.causality.jetstream;

import dev.causality.event.EventTimes;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events to JetStream pipelined: every message is sent first, then every ack is awaited
 * against one deadline, so a batch costs about one round trip rather than one per event. A message
 * counts as stored only once JetStream acknowledged it (a duplicate ack means an earlier copy is stored).
 */
public final class EventPublisher {

    /**
     * The NATS headers that carry an event's {@link EventTimes} to the sink (ms since epoch), beside
     * the stored envelope, whose wire format is the SDKs' and stays as it is. The send time is left
     * out when the client sent none.
     */
    public static final String RECEIVED_AT_HEADER = "Causality-Received-At";
    public static final String SENT_AT_HEADER = "Causality-Sent-At";
    public static final String EVENT_TIME_HEADER = "Causality-Event-Time";
    /** JetStream's dedup header: a message with an id stored within the duplicate window is stored once. */
    public static final String MESSAGE_ID_HEADER = "Nats-Msg-Id";

    /** One message to publish: subject, dedup id (Nats-Msg-Id), the event's times and the encoded event. */
    public record Outgoing(String subject, String messageId, EventTimes times, byte[] body) {
    }

    /** What became of one message: stored (possibly as a duplicate of an earlier copy), or failed with a reason. */
    public record Outcome(boolean stored, boolean duplicate, String error) {
        static final Outcome NOT_CONNECTED = new Outcome(false, false, "event broker unavailable");
    }

    private final NatsConnector nats;
    private final String stream;
    private final Duration timeout;

    public EventPublisher(NatsConnector nats, String stream, Duration timeout) {
        this.nats = nats;
        this.stream = stream;
        this.timeout = timeout;
    }

    public List<Outcome> publishAll(List<Outgoing> messages) {
        List<Message> built = new ArrayList<>(messages.size());
        for (Outgoing message : messages) {
            built.add(message(message));
        }
        return publishTaking(built);
    }

    /** The NATS message of an event: its subject, times headers and dedup id ({@code Nats-Msg-Id}). */
    public static Message message(Outgoing message) {
        Headers headers = new Headers();
        EventTimes times = message.times();
        headers.put(RECEIVED_AT_HEADER, Long.toString(times.receivedAtMs()));
        headers.put(EVENT_TIME_HEADER, Long.toString(times.eventTimeMs()));
        if (times.hasSentAt()) {
            headers.put(SENT_AT_HEADER, Long.toString(times.sentAtMs()));
        }
        headers.put(MESSAGE_ID_HEADER, message.messageId());
        return NatsMessage.builder().subject(message.subject()).headers(headers).data(message.body()).build();
    }

    /**
     * Publishes messages pipelined (each with its own {@code Nats-Msg-Id} header, if any) and returns
     * what became of each, in order. Takes the list: each message is dropped from it once handed to
     * the connection, so a large request's messages (bytes, headers) are not held while its acks are
     * awaited. The list must be mutable and the caller's to give.
     */
    public List<Outcome> publishTaking(List<Message> messages) {
        if (!nats.isConnected()) {
            // Fail fast rather than queue into the reconnect buffer and wait out the deadline.
            List<Outcome> outcomes = new ArrayList<>(messages.size());
            messages.forEach(m -> outcomes.add(Outcome.NOT_CONNECTED));
            messages.clear();
            return outcomes;
        }
        JetStream jetStream = nats.jetStream();
        PublishOptions options = PublishOptions.builder().expectedStream(stream).streamTimeout(timeout).build();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                acks.add(jetStream.publishAsync(messages.set(i, null), options));
            } catch (RuntimeException e) {
                acks.add(CompletableFuture.failedFuture(e));
            }
        }
        messages.clear();
        return awaitAll(acks);
    }

    private List<Outcome> awaitAll(List<CompletableFuture<PublishAck>> acks) {
        List<Outcome> outcomes = new ArrayList<>(acks.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<PublishAck> ack : acks) {
            outcomes.add(await(ack, deadline));
        }
        return outcomes;
    }

    private static Outcome await(CompletableFuture<PublishAck> ack, long deadlineNanos) {
        try {
            long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            PublishAck publishAck = ack.get(remaining, TimeUnit.NANOSECONDS);
            return new Outcome(true, publishAck.isDuplicate(), null);
        } catch (TimeoutException e) {
            ack.cancel(false);
            return new Outcome(false, false, "event broker did not acknowledge in time");
        } catch (ExecutionException e) {
            return new Outcome(false, false, "event broker refused: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, false, "interrupted");
        }
    }
}
