package dev.causality.validate;

import dev.causality.proto.v1.BatteryChange;
import dev.causality.proto.v1.CustomEvent;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.PurchaseComplete;
import dev.causality.proto.v1.ScrollEvent;
import dev.causality.testsupport.Events;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventValidatorTest {

    static final long NOW = 1_764_000_000_000L;
    final EventValidator validator = new EventValidator(4096);

    @Test
    void validEventsPass() {
        assertEquals(List.of(), validator.validate(Events.purchase("shop", "d"), NOW));
        assertEquals(List.of(), validator.validate(Events.custom("A1", "d", "x"), NOW));
        EventEnvelope edge = Events.buttonTap("a" + "b".repeat(63), "d".repeat(256)).toBuilder()
                .setId("i".repeat(128)).setIdempotencyKey("k".repeat(128))
                .setTimestampMs(NOW + 24L * 3600 * 1000).build();
        assertEquals(List.of(), validator.validate(edge, NOW));
    }

    @Test
    void appIdRules() {
        for (String bad : new String[] {"", "_x", "-x", ".x", "a b", "a:b", "a/b", "a".repeat(129), "é"}) {
            assertEquals(List.of("app_id"), fields(Events.buttonTap(bad, "d")), bad);
        }
        // reverse-DNS bundle ids, as many mobile apps name themselves
        for (String good : new String[] {"com.example.shop", "Shop_App-2", "a".repeat(128)}) {
            assertEquals(List.of(), fields(Events.buttonTap(good, "d")), good);
        }
    }

    @Test
    void lengthsAndTimeRules() {
        EventEnvelope event = Events.buttonTap("a", "d".repeat(257)).toBuilder()
                .setId("i".repeat(129)).setIdempotencyKey("k".repeat(129))
                .setTimestampMs(NOW + 24L * 3600 * 1000 + 1).build();
        assertEquals(List.of("device_id", "id", "idempotency_key", "timestamp_ms"), fields(event));
        assertEquals(List.of("timestamp_ms"), fields(Events.buttonTap("a", "d").toBuilder().setTimestampMs(-1).build()));
        assertEquals(List.of("device_id"), fields(Events.buttonTap("a", " ")));
    }

    @Test
    void payloadRules() {
        EventEnvelope base = EventEnvelope.newBuilder().setAppId("a").setDeviceId("d").build();
        assertEquals(List.of("payload"), fields(base));
        assertEquals(List.of("purchase_complete.order_id"),
                fields(base.toBuilder().setPurchaseComplete(PurchaseComplete.newBuilder().setOrderId(" ")).build()));
        assertEquals(List.of("scroll_event.scroll_depth_percent"),
                fields(base.toBuilder().setScrollEvent(ScrollEvent.newBuilder().setScrollDepthPercent(101)).build()));
        assertEquals(List.of("battery_change.battery_level"),
                fields(base.toBuilder().setBatteryChange(BatteryChange.newBuilder().setBatteryLevel(-1)).build()));
        assertEquals(List.of("custom_event.event_name"),
                fields(base.toBuilder().setCustomEvent(CustomEvent.getDefaultInstance()).build()));
        assertEquals(List.of("custom_event.event_name"),
                fields(base.toBuilder().setCustomEvent(CustomEvent.newBuilder().setEventName("n".repeat(129))).build()));
    }

    @Test
    void eventSizeIsBounded() {
        EventEnvelope big = Events.custom("a", "d", "big").toBuilder()
                .setCustomEvent(CustomEvent.newBuilder().setEventName("big").putStringParams("blob", "x".repeat(5000)))
                .build();
        List<Violation> violations = validator.validate(big, NOW);
        assertEquals(List.of("event"), violations.stream().map(Violation::field).toList());
        assertTrue(violations.get(0).description().contains("4096"));
    }

    private List<String> fields(EventEnvelope event) {
        return validator.validate(event, NOW).stream().map(Violation::field).toList();
    }
}
