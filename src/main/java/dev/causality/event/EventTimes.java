package dev.causality.event;

/**
 * The three clocks of an event: when the collector received it, when the client says it sent it
 * ({@code sentAtMs}, 0 when the client did not say), and when it happened, corrected for the
 * device's clock: {@code eventTimeMs}.
 *
 * <p>A device clock may be wrong by years (set by hand, reset to 1970), but it is wrong by the same
 * amount when the event happens and when the request leaves; so the difference between the
 * collector's receive time and the client's send time moves the event onto the collector's clock
 * (as Segment does with {@code sentAt}, Snowplow with {@code derived_tstamp}). The network delay
 * between sending and receiving is counted as clock skew: the corrected time may be late by that.
 */
public record EventTimes(long receivedAtMs, long sentAtMs, long eventTimeMs) {

    /**
     * @param timestampMs the event's time as the client sent it (0: none, the receive time then)
     * @param sentAtMs    the request's send time by the client's clock (0: unknown)
     */
    public static EventTimes of(long timestampMs, long receivedAtMs, long sentAtMs) {
        if (timestampMs == 0) {
            // the receive time stands in for the event time: it is the collector's clock already
            return new EventTimes(receivedAtMs, sentAtMs, receivedAtMs);
        }
        if (sentAtMs <= 0) {
            return new EventTimes(receivedAtMs, sentAtMs, timestampMs);
        }
        long corrected;
        try {
            corrected = Math.addExact(timestampMs, Math.subtractExact(receivedAtMs, sentAtMs));
        } catch (ArithmeticException e) {
            corrected = timestampMs; // absurd clocks: out of any partition bound anyway
        }
        return new EventTimes(receivedAtMs, sentAtMs, corrected);
    }

    /** Whether the client sent its send time. */
    public boolean hasSentAt() {
        return sentAtMs > 0;
    }
}
