package dev.causality.event;

import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.EventEnvelope.PayloadCase;

/**
 * The category and type of an event, derived from which payload it carries. The category follows
 * the payload's field-number range; the type is fixed per payload, except for custom events, whose
 * type is their sanitised event name.
 */
public record EventKind(String category, String type) {

    public static EventKind of(EventEnvelope event) {
        PayloadCase payload = event.getPayloadCase();
        if (payload == PayloadCase.PAYLOAD_NOT_SET) {
            throw new IllegalArgumentException("event has no payload");
        }
        if (payload == PayloadCase.CUSTOM_EVENT) {
            return new EventKind("custom", Subjects.sanitise(event.getCustomEvent().getEventName()));
        }
        return new EventKind(category(payload.getNumber()), type(payload));
    }

    static String category(int fieldNumber) {
        if (fieldNumber < 100) {
            return "user";
        } else if (fieldNumber < 200) {
            return "screen";
        } else if (fieldNumber < 300) {
            return "interaction";
        } else if (fieldNumber < 400) {
            return "commerce";
        } else if (fieldNumber < 500) {
            return "system";
        }
        return "custom";
    }

    private static String type(PayloadCase payload) {
        return switch (payload) {
            case USER_LOGIN -> "login";
            case USER_LOGOUT -> "logout";
            case USER_SIGNUP -> "signup";
            case USER_PROFILE_UPDATE -> "profile_update";
            case SCREEN_VIEW -> "view";
            case SCREEN_EXIT -> "exit";
            case SWIPE_GESTURE -> "swipe";
            case SCROLL_EVENT -> "scroll";
            // interaction, commerce and system events are typed by their field name
            default -> payload.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
