package dev.causality.jetstream;

import dev.causality.testsupport.NatsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The operator's gauges, read from a real nats-server: the sink's oldest unacked message, the dead-letter depth. */
class StreamBacklogTest {

    @Test
    void oldestUnackedAgeAndDeadLetterDepth() throws Exception {
        StreamSettings events = new StreamSettings("EVENTS", "events.>", Duration.ofDays(1), -1, Duration.ofMinutes(2), 1);
        StreamSettings dlq = new StreamSettings(DeadLetters.STREAM, DeadLetters.SUBJECT_PREFIX + "events.>",
                Duration.ofDays(1), -1, Duration.ofMinutes(2), 1);
        try (NatsServer server = NatsServer.started()) {
            NatsConnector nats = new NatsConnector(server.url(), Duration.ofSeconds(5), List.of(events, dlq));
            nats.start();
            await().atMost(Duration.ofSeconds(30)).until(nats::isReady); // connected, streams there
            server.management().addOrUpdateConsumer("EVENTS", ConsumerConfiguration.builder().durable("warehouse-sink")
                    .filterSubject("events.>").ackPolicy(AckPolicy.Explicit).build());
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            // the clock of the gauge runs an hour ahead: every message is an hour old to it
            StreamBacklog backlog = new StreamBacklog(nats, "EVENTS", "warehouse-sink", meters,
                    Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
            backlog.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> age(meters) == 0 && deadLetters(meters) == 0);

                for (int i = 0; i < 3; i++) {
                    server.client().jetStream().publish("events.shop.screen.view", new byte[] {(byte) i});
                }
                server.client().jetStream().publish(DeadLetters.SUBJECT_PREFIX + "events.shop.screen.view", new byte[] {9});
                await().atMost(Duration.ofSeconds(30)).until(() -> age(meters) >= 3590 && deadLetters(meters) == 1);

                // the sink acks the first two; the third is still behind, and still an hour old
                JetStreamSubscription sink = server.client().jetStream().subscribe("events.>",
                        PullSubscribeOptions.bind("EVENTS", "warehouse-sink"));
                List<Message> fetched = sink.fetch(3, Duration.ofSeconds(5));
                assertEquals(3, fetched.size());
                fetched.get(0).ackSync(Duration.ofSeconds(5));
                fetched.get(1).ackSync(Duration.ofSeconds(5));
                await().atMost(Duration.ofSeconds(30)).until(() -> age(meters) >= 3590);
                fetched.get(2).ackSync(Duration.ofSeconds(5));
                await().atMost(Duration.ofSeconds(30)).until(() -> age(meters) == 0);
            } finally {
                backlog.stop();
                nats.stop();
            }
        }
    }

    private static double age(SimpleMeterRegistry meters) {
        return meters.get("causality.sink.oldest.unacked.age.seconds").gauge().value();
    }

    private static double deadLetters(SimpleMeterRegistry meters) {
        return meters.get("causality.dlq.messages").gauge().value();
    }
}
