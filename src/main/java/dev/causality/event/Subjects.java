package dev.causality.event;

import dev.causality.proto.v1.EventEnvelope;

/** The NATS subject layout of the EVENTS stream: {@code events.<app_id>.<category>.<type>}. */
public final class Subjects {

    public static final String PREFIX = "events";

    private Subjects() {
    }

    public static String of(EventEnvelope event) {
        EventKind kind = EventKind.of(event);
        return PREFIX + '.' + sanitise(event.getAppId()) + '.' + kind.category() + '.' + kind.type();
    }

    /** Lower-cases a subject token and replaces every character outside {@code [a-z0-9_-]} by {@code _}. */
    public static String sanitise(String token) {
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = Character.toLowerCase(token.charAt(i));
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            out.append(allowed ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
