package dev.causality.ingest;

import dev.causality.event.EventTimes;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.validate.Violation;

import java.util.List;

/** The fate of one event of a request: rejected (invalid), then accepted or failed once published. */
public final class EventOutcome {

    public enum Status {
        PENDING, ACCEPTED, REJECTED, FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final int index;
    private final String eventId;
    private EventEnvelope event;
    private final EventTimes times;
    private final List<Violation> violations;
    private Status status;
    private String error;

    private EventOutcome(int index, EventEnvelope event, EventTimes times, List<Violation> violations, Status status,
                         String error) {
        this.index = index;
        this.eventId = event.getId();
        this.event = event;
        this.times = times;
        this.violations = violations;
        this.status = status;
        this.error = error;
    }

    public static EventOutcome pending(int index, EventEnvelope enriched, EventTimes times) {
        return new EventOutcome(index, enriched, times, List.of(), Status.PENDING, null);
    }

    public static EventOutcome rejected(int index, EventEnvelope event, List<Violation> violations) {
        String error = String.join("; ", violations.stream().map(Violation::toString).toList());
        return new EventOutcome(index, event, null, List.copyOf(violations), Status.REJECTED, error);
    }

    /** Refused for a reason other than validity (e.g. app_not_allowed): the error starts with its code. */
    public void refused(String error) {
        status = Status.REJECTED;
        this.error = error;
    }

    public void accepted() {
        status = Status.ACCEPTED;
        error = null;
    }

    public void failed(String reason) {
        status = Status.FAILED;
        error = reason;
    }

    public int index() {
        return index;
    }

    /** The event; null once {@link #encoded()} let it go. */
    public EventEnvelope event() {
        return event;
    }

    /** The event's id (the client's, or the one enrichment gave it), kept for the answer. */
    public String eventId() {
        return eventId;
    }

    /**
     * The event is encoded into its stream message: the outcome lets the decoded event go, so a
     * request of a thousand events does not hold them all while JetStream's acks are awaited.
     */
    public void encoded() {
        event = null;
    }

    /** The event's receive, send and corrected times; null for a rejected event. */
    public EventTimes times() {
        return times;
    }

    public List<Violation> violations() {
        return violations;
    }

    public Status status() {
        return status;
    }

    public String error() {
        return error;
    }
}
