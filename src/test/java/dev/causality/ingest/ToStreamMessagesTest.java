package dev.causality.ingest;

import dev.causality.event.EventTimes;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.testsupport.Events;
import dev.causality.validate.Violation;
import io.nats.client.Message;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once a request's events are encoded into stream messages, the request lets the decoded events go
 * (the answer needs only each event's id and fate): a thousand-event request no longer holds them
 * while JetStream's acks are awaited, where the GC copied and promoted them.
 */
class ToStreamMessagesTest {

    @Test
    void encodedEventsAreLetGoAndTheirIdsKept() throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        List<EventOutcome> outcomes = new ArrayList<>();
        EventTimes times = EventTimes.of(1_767_585_599_999L, 1_767_585_600_000L, 0);
        for (int i = 0; i < 3; i++) {
            EventEnvelope event = Events.screenView("shop", "device-" + i, "home").toBuilder()
                    .setId("id-" + i).setTimestampMs(1_767_585_599_999L).build();
            events.add(event);
            outcomes.add(i == 1
                    ? EventOutcome.rejected(i, event, List.of(new Violation("device_id", "too long")))
                    : EventOutcome.pending(i, event, times));
        }
        IngestRequest request = new IngestRequest(WireFormat.PROTOBUF, "application/x-protobuf", true, events,
                1_767_585_600_000L, 0);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(new IngestResult(request, outcomes));

            new ToStreamMessages().process(exchange);

            @SuppressWarnings("unchecked")
            List<Message> messages = exchange.getMessage().getBody(List.class);
            assertEquals(2, messages.size(), "one message per pending event");
            assertArrayEquals(events.get(2).toByteArray(), messages.get(1).getData());
            IngestResult result = exchange.getProperty(ToStreamMessages.RESULT, IngestResult.class);
            assertTrue(result.request().events().isEmpty(), "the decoded request's events are let go");
            assertTrue(result.request().batch());
            assertEquals(WireFormat.PROTOBUF, result.request().format());
            for (int i = 0; i < 3; i++) {
                EventOutcome outcome = result.outcomes().get(i);
                assertNull(outcome.event(), "event " + i + " let go");
                assertEquals("id-" + i, outcome.eventId(), "its id kept for the answer");
            }
            assertEquals(EventOutcome.Status.REJECTED, result.outcomes().get(1).status());
        }
    }
}
