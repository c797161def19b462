package dev.causality.jetstream;

import dev.causality.event.EventTimes;
import dev.causality.testsupport.NatsServer;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipelined publishing on a real server: every message stored once, in order, and the list given up. */
class EventPublisherTest {

    @Test
    void publishTakingStoresEachMessageAndLetsTheListGo() throws Exception {
        try (NatsServer server = NatsServer.started()) {
            server.client().jetStreamManagement().addStream(StreamConfiguration.builder().name("EVENTS")
                    .subjects("events.>").storageType(StorageType.File).build());
            NatsConnector nats = new NatsConnector(server.url(), Duration.ofSeconds(5), List.of());
            nats.start();
            try {
                await("connected").atMost(Duration.ofSeconds(10)).until(nats::isConnected);
                EventPublisher publisher = new EventPublisher(nats, "EVENTS", Duration.ofSeconds(5));
                List<Message> messages = messages("a", "b", "c");

                List<EventPublisher.Outcome> outcomes = publisher.publishTaking(messages);

                assertTrue(messages.isEmpty(), "the publisher took the messages");
                assertEquals(3, outcomes.size());
                outcomes.forEach(o -> assertTrue(o.stored() && !o.duplicate(), o.toString()));
                assertEquals(3, server.client().jetStreamManagement().getStreamInfo("EVENTS").getStreamState().getMsgCount());

                // the same ids again: stored once, answered as duplicates
                List<EventPublisher.Outcome> again = publisher.publishTaking(messages("a", "b", "c"));
                again.forEach(o -> assertTrue(o.stored() && o.duplicate(), o.toString()));
                assertEquals(3, server.client().jetStreamManagement().getStreamInfo("EVENTS").getStreamState().getMsgCount());
            } finally {
                nats.stop();
            }
        }
    }

    private static List<Message> messages(String... ids) {
        List<Message> messages = new ArrayList<>();
        EventTimes times = EventTimes.of(1_000, 2_000, 0);
        for (String id : ids) {
            messages.add(EventPublisher.message(new EventPublisher.Outgoing("events.shop.screen.view", "shop:" + id,
                    times, id.getBytes(StandardCharsets.UTF_8))));
        }
        return messages;
    }
}
