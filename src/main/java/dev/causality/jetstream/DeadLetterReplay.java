package dev.causality.jetstream;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts the dead letters back into the events stream, each once: every message of
 * {@code EVENTS_DLQ} present when the replay starts is published to its original subject (without
 * the dead-letter headers), and removed from the dead-letter stream once the events stream has
 * stored it. A message that fails again is dead-lettered again, as a new dead letter. The
 * republished message carries {@code Nats-Msg-Id: dlq-replay-<dead-letter sequence>}, so a replay
 * cut off between the publish and the removal, and run again, is stored once.
 */
public class DeadLetterReplay {

    private static final int STREAM_NOT_FOUND = 10059;
    private static final Set<String> DEAD_LETTER_HEADERS = Set.of(DeadLetters.REASON_HEADER.toLowerCase(),
            DeadLetters.SEQUENCE_HEADER.toLowerCase(), DeadLetters.DELIVERED_HEADER.toLowerCase(), "nats-msg-id");

    /** What a replay did (or, dry, would do): messages per original subject. */
    public record Outcome(int messages, Map<String, Integer> bySubject) {
    }

    private final JetStreamManagement management;
    private final JetStream jetStream;
    private final String eventsStream;

    public DeadLetterReplay(JetStreamManagement management, JetStream jetStream, String eventsStream) {
        this.management = management;
        this.jetStream = jetStream;
        this.eventsStream = eventsStream;
    }

    /** Replays every dead letter there now; with {@code dryRun}, only reports them. */
    public Outcome replay(boolean dryRun, Consumer<String> report) throws IOException, JetStreamApiException {
        Map<String, Integer> bySubject = new TreeMap<>();
        StreamState state;
        try {
            state = management.getStreamInfo(DeadLetters.STREAM).getStreamState();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return new Outcome(0, bySubject); // no sink has run yet: nothing was ever dead-lettered
            }
            throw e;
        }
        int messages = 0;
        if (state.getMsgCount() == 0) {
            return new Outcome(0, bySubject);
        }
        for (long sequence = state.getFirstSequence(); sequence <= state.getLastSequence(); sequence++) {
            MessageInfo deadLetter;
            try {
                deadLetter = management.getMessage(DeadLetters.STREAM, sequence);
            } catch (JetStreamApiException e) {
                if (e.getErrorCode() == 404) {
                    continue; // removed: replayed before, or by an operator
                }
                throw e;
            }
            if (!deadLetter.getSubject().startsWith(DeadLetters.SUBJECT_PREFIX)) {
                report.accept("skipped " + sequence + ": subject " + deadLetter.getSubject() + " is not a dead letter's");
                continue;
            }
            String subject = deadLetter.getSubject().substring(DeadLetters.SUBJECT_PREFIX.length());
            String reason = deadLetter.getHeaders() == null ? null : deadLetter.getHeaders().getFirst(DeadLetters.REASON_HEADER);
            report.accept((dryRun ? "would replay " : "replayed ") + sequence + " to " + subject
                    + (reason == null ? "" : " (dead-lettered: " + reason + ")"));
            if (!dryRun) {
                jetStream.publish(NatsMessage.builder().subject(subject).headers(replayHeaders(deadLetter, sequence))
                        .data(deadLetter.getData()).build(), PublishOptions.builder().expectedStream(eventsStream).build());
                management.deleteMessage(DeadLetters.STREAM, sequence);
            }
            bySubject.merge(subject, 1, Integer::sum);
            messages++;
        }
        return new Outcome(messages, bySubject);
    }

    private static Headers replayHeaders(MessageInfo deadLetter, long sequence) {
        Headers headers = new Headers();
        if (deadLetter.getHeaders() != null) {
            deadLetter.getHeaders().forEach((key, values) -> {
                if (!DEAD_LETTER_HEADERS.contains(key.toLowerCase())) {
                    headers.put(key, values);
                }
            });
        }
        headers.put("Nats-Msg-Id", "dlq-replay-" + sequence);
        return headers;
    }
}
