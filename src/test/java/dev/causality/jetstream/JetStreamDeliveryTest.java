package dev.causality.jetstream;

import dev.causality.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a held message keeps of a real JetStream delivery, and what it gives back. */
class JetStreamDeliveryTest {

    @Test
    void keepsEveryHeaderValueInOrderAndSettlesOnce() throws Exception {
        try (NatsServer server = NatsServer.started()) {
            Connection nats = server.client();
            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name("T").subjects("t.>")
                    .storageType(StorageType.File).build());
            Headers headers = new Headers().add("Received-At", "17").add("Tag", "a", "b").add("Nats-Msg-Id", "x1");
            nats.jetStream().publish(NatsMessage.builder().subject("t.one").headers(headers)
                    .data("body".getBytes(StandardCharsets.UTF_8)).build());
            nats.jetStream().publish("t.two", "plain".getBytes(StandardCharsets.UTF_8));
            JetStreamSubscription pull = nats.jetStream().subscribe("t.>", PullSubscribeOptions.builder().build());
            List<Message> messages = pull.fetch(2, Duration.ofSeconds(5));
            assertEquals(2, messages.size());

            HeldMessages held = new HeldMessages(new InFlightLimit(10, 1 << 20));
            JetStreamDelivery first = held.hold(messages.get(0));
            JetStreamDelivery second = held.hold(messages.get(1));
            assertEquals("t.one", first.subject());
            assertArrayEquals("body".getBytes(StandardCharsets.UTF_8), first.data());
            assertEquals("17", first.header("Received-At"));
            assertEquals("a", first.header("Tag"), "the first of a name's values");
            Headers back = first.headers();
            assertEquals(List.of("a", "b"), back.get("Tag"), "every value of a repeated name");
            assertEquals(List.of("x1"), back.get("Nats-Msg-Id"));
            assertEquals(1, first.streamSequence());
            assertEquals(1, first.deliveredCount());
            assertNull(second.headers(), "a message without headers");
            assertNull(second.header("Tag"));
            assertEquals(2, held.count());

            first.ack();
            first.nak(Duration.ZERO); // settled already: nothing more is sent
            assertTrue(first.isSettled());
            assertEquals(1, held.count());
            second.ack();
            assertTrue(held.isEmpty());
        }
    }
}
