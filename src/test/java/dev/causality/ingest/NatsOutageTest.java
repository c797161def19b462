package dev.causality.ingest;

import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventBatchResponse;
import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NATS stopped, hung or absent: the API answers 503 with Retry-After, never a false accept, the
 * process keeps running, and ingestion resumes by itself when NATS is back.
 */
class NatsOutageTest {

    static final String PROTOBUF = "application/x-protobuf";
    static final Duration RECOVERY = Duration.ofSeconds(30);
    /**
     * Ingestion back after a restarted NATS. Once in a full CI run (on a loaded 2-core machine) the
     * reconnected connection answered no PING for ~30 s (jnats: "Max outgoing Ping count exceeded",
     * twice) before a third connection worked; 503s meanwhile, nothing lost. The bound is what the
     * test asserts (ingestion resumes without a restart), not how fast; the stall is an open finding.
     */
    static final Duration RESUME = Duration.ofSeconds(75);

    @Test
    void stoppedNatsGives503AndIngestionResumesAfterRestart() throws Exception {
        try (NatsServer nats = NatsServer.started(); CausalityApp app = CausalityApp.start(nats.url())) {
            HttpTestClient http = app.http();
            Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            // A client that keeps sending distinct events through the outage and records what was accepted.
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 5000 && running.get(); i++) {
                    String id = "outage-" + i;
                    Response response = http.post("/v1/events/ingest", PROTOBUF, single(id));
                    if (response.status() == 200) {
                        acceptedIds.add(id);
                    } else if (response.status() == 503) {
                        unavailable.incrementAndGet();
                    } else {
                        throw new AssertionError("unexpected " + response.status() + " " + response.text());
                    }
                }
            });
            sender.start();
            await().atMost(RECOVERY).until(() -> acceptedIds.size() >= 20);

            nats.stop();
            await("/ready reports the outage").atMost(RECOVERY).until(() -> http.get("/ready").status() == 503);
            Response single = http.post("/v1/events/ingest", PROTOBUF, single("during-outage"));
            assertEquals(503, single.status(), single.text());
            assertNotNull(single.header("Retry-After"));
            assertTrue(single.text().contains("\"code\":\"unavailable\""), single.text());

            IngestEventBatchRequest batch = IngestEventBatchRequest.newBuilder()
                    .addEvents(Events.screenView("shop", "o", "home"))
                    .addEvents(Events.screenView("bad app!", "o", "home")).build();
            Response batchResponse = http.post("/v1/events/batch", PROTOBUF, batch.toByteArray());
            assertEquals(503, batchResponse.status());
            assertNotNull(batchResponse.header("Retry-After"));
            IngestEventBatchResponse results = IngestEventBatchResponse.parseFrom(batchResponse.body());
            assertEquals(List.of("failed", "rejected"), results.getResultsList().stream().map(r -> r.getStatus()).toList());
            assertEquals(0, results.getAcceptedCount());
            assertEquals(200, http.get("/health").status(), "the process keeps running");

            await("the sender meets the outage").atMost(RECOVERY).until(() -> unavailable.get() > 0);
            int acceptedBeforeRestart = acceptedIds.size();
            nats.start();
            await("ingestion resumes without restarting Causality").atMost(RESUME)
                    .until(() -> acceptedIds.size() > acceptedBeforeRestart + 20);
            await().atMost(RECOVERY).until(() -> http.get("/ready").status() == 200);
            running.set(false);
            sender.join();

            Set<String> stored = nats.messages("EVENTS").stream().map(NatsOutageTest::eventId)
                    .collect(Collectors.toSet());
            List<String> lost = new ArrayList<>(acceptedIds);
            lost.removeAll(stored);
            assertEquals(List.of(), lost, "every accepted event is in the stream");
        }
    }

    @Test
    void hungNatsGives503WithinThePublishTimeout() throws Exception {
        try (NatsServer nats = NatsServer.started();
             CausalityApp app = CausalityApp.start(nats.url(), java.util.Map.of("nats.publish-timeout", "1s"))) {
            HttpTestClient http = app.http();
            assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, single("before-freeze")).status());
            nats.freeze();
            try {
                Response response = http.post("/v1/events/ingest", PROTOBUF, single("frozen"));
                assertEquals(503, response.status(), response.text());
                assertNotNull(response.header("Retry-After"));
                assertEquals(503, http.get("/ready").status());
            } finally {
                nats.thaw();
            }
            await().atMost(RECOVERY).until(() ->
                    http.post("/v1/events/ingest", PROTOBUF, single("after-thaw")).status() == 200);
        }
    }

    @Test
    void startsWithoutNatsAndBecomesReadyWhenItAppears() {
        try (NatsServer nats = new NatsServer(); CausalityApp app = CausalityApp.start(nats.url())) {
            HttpTestClient http = app.http();
            assertEquals(200, http.get("/health").status());
            assertEquals(503, http.get("/ready").status());
            assertEquals(503, http.post("/v1/events/ingest", PROTOBUF, single("no-nats")).status());

            nats.start();
            await().atMost(RECOVERY).until(() -> http.get("/ready").status() == 200);
            assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, single("nats-up")).status());
            assertEquals(1, nats.messageCount("EVENTS"), "the stream was created once NATS appeared");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] single(String id) {
        EventEnvelope event = Events.buttonTap("shop", "o").toBuilder().setId(id).build();
        return IngestEventRequest.newBuilder().setEvent(event).build().toByteArray();
    }

    private static String eventId(MessageInfo message) {
        try {
            return EventEnvelope.parseFrom(message.getData()).getId();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
