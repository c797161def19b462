package dev.causality.event;

import dev.causality.proto.v1.EventEnvelope;
import dev.causality.testsupport.Events;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class EnricherTest {

    @Test
    void assignsIdAndTimeOnlyWhenMissing() {
        EventEnvelope bare = Events.buttonTap("a", "d");
        EventEnvelope enriched = Enricher.enrich(bare, 5000);
        assertEquals(7, UUID.fromString(enriched.getId()).version());
        assertEquals(5000, enriched.getTimestampMs());

        EventEnvelope complete = bare.toBuilder().setId("mine").setTimestampMs(42).build();
        assertSame(complete, Enricher.enrich(complete, 5000));
    }

    @Test
    void dedupKeyPrefersTheIdempotencyKeyAndIsScopedToTheApp() {
        EventEnvelope event = Events.buttonTap("a", "d").toBuilder().setId("id-1").build();
        assertEquals("a:id-1", Enricher.dedupKey(event));
        assertEquals("a:key-1", Enricher.dedupKey(event.toBuilder().setIdempotencyKey("key-1").build()));
        // an app id never holds ':', so no app's id or key can spell another app's
        assertEquals("com.example.shop:k", Enricher.dedupKey(event.toBuilder().setAppId("com.example.shop")
                .setIdempotencyKey("k").build()));
    }

    @Test
    void dedupKeyIsAValidHeaderValueForAnyIdAndStaysDistinct() {
        EventEnvelope event = Events.buttonTap("a", "d");
        // the fuzzer's find: a CR in an id made every publish fail (jnats refuses the header), a 503 forever
        assertEquals("a:x%0Dy", Enricher.dedupKey(event.toBuilder().setId("x\ry").build()));
        assertEquals("a:caf%C3%A9%20%0A", Enricher.dedupKey(event.toBuilder().setIdempotencyKey("café \n").build()));
        // '%' is escaped too, so a literal "%0D" never meets an escaped CR
        assertEquals("a:x%250Dy", Enricher.dedupKey(event.toBuilder().setId("x%0Dy").build()));
    }
}
