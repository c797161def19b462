package dev.causality.event;

import dev.causality.proto.v1.AppCrash;
import dev.causality.proto.v1.CheckoutStep;
import dev.causality.proto.v1.CustomEvent;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.ScrollEvent;
import dev.causality.proto.v1.SwipeGesture;
import dev.causality.proto.v1.UserProfileUpdate;
import dev.causality.testsupport.Events;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventKindTest {

    @Test
    void categoryAndTypeFollowTheContract() {
        EventEnvelope base = EventEnvelope.newBuilder().setAppId("App_1").setDeviceId("d").build();
        assertEquals(new EventKind("user", "profile_update"),
                EventKind.of(base.toBuilder().setUserProfileUpdate(UserProfileUpdate.getDefaultInstance()).build()));
        assertEquals(new EventKind("screen", "view"), EventKind.of(Events.screenView("a", "d", "s")));
        assertEquals(new EventKind("interaction", "swipe"),
                EventKind.of(base.toBuilder().setSwipeGesture(SwipeGesture.getDefaultInstance()).build()));
        assertEquals(new EventKind("interaction", "scroll"),
                EventKind.of(base.toBuilder().setScrollEvent(ScrollEvent.getDefaultInstance()).build()));
        assertEquals(new EventKind("interaction", "button_tap"), EventKind.of(Events.buttonTap("a", "d")));
        assertEquals(new EventKind("commerce", "checkout_step"),
                EventKind.of(base.toBuilder().setCheckoutStep(CheckoutStep.getDefaultInstance()).build()));
        assertEquals(new EventKind("system", "app_crash"),
                EventKind.of(base.toBuilder().setAppCrash(AppCrash.getDefaultInstance()).build()));
        assertEquals(new EventKind("custom", "level_complete_"),
                EventKind.of(base.toBuilder().setCustomEvent(CustomEvent.newBuilder().setEventName("Level Complete!")).build()));
    }

    @Test
    void everyPayloadHasADistinctKindInItsRange() {
        Set<EventKind> kinds = new HashSet<>();
        for (EventEnvelope.PayloadCase payload : EventEnvelope.PayloadCase.values()) {
            if (payload == EventEnvelope.PayloadCase.PAYLOAD_NOT_SET || payload == EventEnvelope.PayloadCase.CUSTOM_EVENT) {
                continue;
            }
            var field = EventEnvelope.getDescriptor().findFieldByNumber(payload.getNumber());
            EventEnvelope event = EventEnvelope.newBuilder()
                    .setField(field, com.google.protobuf.DynamicMessage.getDefaultInstance(field.getMessageType()))
                    .build();
            EventKind kind = EventKind.of(event);
            assertTrue(kinds.add(kind), "duplicate kind " + kind);
            assertEquals(EventKind.category(payload.getNumber()), kind.category());
        }
        assertEquals(4 + 2 + 6 + 7 + 9, kinds.size());
    }

    @Test
    void noPayloadHasNoKind() {
        assertThrows(IllegalArgumentException.class, () -> EventKind.of(EventEnvelope.getDefaultInstance()));
    }

    @Test
    void subjectsAreLowerCasedAndSanitised() {
        assertEquals("events.my-app_1.screen.view", Subjects.of(Events.screenView("My-App_1", "d", "s")));
        assertEquals("caf__b_r", Subjects.sanitise("Café.Bär"));
        assertEquals("_", Subjects.sanitise(""));
        assertEquals("a_b_c", Subjects.sanitise("a>b*c"));
    }
}
