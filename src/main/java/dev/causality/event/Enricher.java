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
     * duplicate; unambiguous because an app id never holds a ':'. A NATS header value holds printable
     * ASCII only (a CR, LF or non-ASCII character makes the publish fail, every time): every other
     * byte of the key, and '%' itself, is written as %XX of its UTF-8, so distinct keys stay distinct.
     */
    public static String dedupKey(EventEnvelope enriched) {
        return enriched.getAppId() + ':'
                + headerSafe(enriched.getIdempotencyKey().isEmpty() ? enriched.getId() : enriched.getIdempotencyKey());
    }

    private static String headerSafe(String key) {
        boolean plain = true;
        for (int i = 0; i < key.length() && plain; i++) {
            char c = key.charAt(i);
            plain = c > ' ' && c < 0x7f && c != '%';
        }
        if (plain) {
            return key;
        }
        StringBuilder escaped = new StringBuilder(key.length() * 3);
        for (byte b : key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > ' ' && c < 0x7f && c != '%') {
                escaped.append((char) c);
            } else {
                escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return escaped.toString();
    }
}
