package dev.causality.event;

import dev.causality.proto.v1.EventEnvelope;

/** Server-side enrichment: an id when the client sent none, and the receive time as event time when it sent 0. */
public final class Enricher {

    private Enricher() {
    }

    public static EventEnvelope enrich(EventEnvelope event, long receivedAtMs) {
        boolean needsId = event.getId().isEmpty();
        boolean needsTime = event.getTimestampMs() == 0;
        if (!needsId && !needsTime) {
            return event;
        }
        EventEnvelope.Builder builder = event.toBuilder();
        if (needsId) {
            builder.setId(UuidV7.generate(receivedAtMs).toString());
        }
        if (needsTime) {
            builder.setTimestampMs(receivedAtMs);
        }
        return builder.build();
    }

    /**
     * The JetStream dedup key (Nats-Msg-Id): the app id, then the SDK's idempotency key when present,
     * else the event id. Scoped to the app, so one app's key can never make another app's event a
     * duplicate; unambiguous because an app id never holds a ':'.
     */
    public static String dedupKey(EventEnvelope enriched) {
        return enriched.getAppId() + ':'
                + (enriched.getIdempotencyKey().isEmpty() ? enriched.getId() : enriched.getIdempotencyKey());
    }
}
