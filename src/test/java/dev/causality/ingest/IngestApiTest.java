package dev.causality.ingest;

import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import dev.causality.jetstream.EventPublisher;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventBatchResponse;
import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.proto.v1.IngestEventResponse;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The happy paths of the ingest API, end to end: HTTP in, JetStream read back with jnats. */
class IngestApiTest {

    static final String PROTOBUF = "application/x-protobuf";

    static NatsServer nats;
    static CausalityApp app;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        nats = NatsServer.started();
        app = CausalityApp.start(nats.url());
        http = app.http();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        nats.close();
    }

    @Test
    void jsonEventIsStoredEnrichedUnderItsSubject() throws Exception {
        long before = System.currentTimeMillis();
        Response response = http.postJson("/v1/events/ingest",
                "{\"event\":{\"app_id\":\"Shop-App\",\"deviceId\":\"dev-1\",\"screenView\":{\"screen_name\":\"home\"}}}");

        assertEquals(200, response.status(), response.text());
        assertEquals("application/json", response.header("Content-Type"));
        IngestEventResponse.Builder body = IngestEventResponse.newBuilder();
        JsonFormat.parser().merge(response.text(), body);
        assertEquals("accepted", body.getStatus());
        UUID id = UUID.fromString(body.getEventId());
        assertEquals(7, id.version(), "server-assigned ids are UUIDv7");

        MessageInfo stored = lastMessage();
        assertEquals("events.shop-app.screen.view", stored.getSubject());
        assertEquals("Shop-App:" + body.getEventId(), stored.getHeaders().getFirst("Nats-Msg-Id"));
        EventEnvelope event = EventEnvelope.parseFrom(stored.getData());
        assertEquals(body.getEventId(), event.getId());
        assertEquals("Shop-App", event.getAppId());
        assertEquals("home", event.getScreenView().getScreenName());
        long receivedAt = Long.parseLong(stored.getHeaders().getFirst(EventPublisher.RECEIVED_AT_HEADER));
        assertTrue(receivedAt >= before && receivedAt <= System.currentTimeMillis());
        assertEquals(receivedAt, event.getTimestampMs(), "timestamp 0 becomes the receive time");
        assertEquals((id.getMostSignificantBits() >>> 16), receivedAt, "the UUIDv7 carries the receive time");
    }

    @Test
    void protobufEventKeepsClientIdAndTimestampAndAnswersInProtobuf() throws Exception {
        EventEnvelope sent = Events.purchase("shop", "dev-2").toBuilder()
                .setId("client-id-1").setTimestampMs(1_700_000_000_000L).setCorrelationId("corr").build();
        Response response = http.post("/v1/events/ingest", PROTOBUF,
                IngestEventRequest.newBuilder().setEvent(sent).build().toByteArray());

        assertEquals(200, response.status(), response.text());
        assertEquals(PROTOBUF, response.header("Content-Type"));
        IngestEventResponse body = IngestEventResponse.parseFrom(response.body());
        assertEquals("client-id-1", body.getEventId());
        assertEquals("accepted", body.getStatus());

        MessageInfo stored = lastMessage();
        assertEquals("events.shop.commerce.purchase_complete", stored.getSubject());
        assertEquals("shop:client-id-1", stored.getHeaders().getFirst("Nats-Msg-Id"));
        assertEquals(sent, EventEnvelope.parseFrom(stored.getData()), "a complete event is stored unchanged");
        assertEquals("1700000000000", stored.getHeaders().getFirst(EventPublisher.EVENT_TIME_HEADER),
                "no send time: the timestamp is the event time");
        assertNull(stored.getHeaders().getFirst(EventPublisher.SENT_AT_HEADER));
    }

    @Test
    void theSendTimeCorrectsTheEventTimeAndTheStoredEventStaysAsSent() throws Exception {
        long deviceClock = System.currentTimeMillis() - 3 * 86_400_000L; // three days behind
        EventEnvelope sent = Events.buttonTap("shop", "dev-3").toBuilder()
                .setId("skewed-1").setTimestampMs(deviceClock - 60_000).build();
        Response response = http.post("/v1/events/batch", "application/json",
                ("{\"sentAtMs\": \"" + deviceClock + "\", \"events\": [" + JsonFormat.printer().print(sent) + "]}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.status(), response.text());

        MessageInfo stored = lastMessage();
        assertEquals(sent, EventEnvelope.parseFrom(stored.getData()), "the envelope keeps the device's timestamp");
        long receivedAt = Long.parseLong(stored.getHeaders().getFirst(EventPublisher.RECEIVED_AT_HEADER));
        assertEquals(Long.toString(deviceClock), stored.getHeaders().getFirst(EventPublisher.SENT_AT_HEADER));
        assertEquals(receivedAt - 60_000, Long.parseLong(stored.getHeaders().getFirst(EventPublisher.EVENT_TIME_HEADER)),
                "a minute before the collector received it, by the collector's clock");
    }

    @Test
    void octetStreamIsBinaryProtobuf() throws Exception {
        Response response = http.post("/v1/events/ingest", "application/octet-stream",
                IngestEventRequest.newBuilder().setEvent(Events.buttonTap("shop", "d")).build().toByteArray());
        assertEquals(200, response.status(), response.text());
        assertEquals("application/octet-stream", response.header("Content-Type"));
        assertEquals("accepted", IngestEventResponse.parseFrom(response.body()).getStatus());
        assertEquals("events.shop.interaction.button_tap", lastMessage().getSubject());
    }

    @Test
    void customEventTypeIsItsSanitisedName() {
        Response response = http.post("/v1/events/ingest", PROTOBUF, IngestEventRequest.newBuilder()
                .setEvent(Events.custom("Game", "d", "Level Up!")).build().toByteArray());
        assertEquals(200, response.status(), response.text());
        assertEquals("events.game.custom.level_up_", lastMessage().getSubject());
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        byte[] body = IngestEventRequest.newBuilder().setEvent(Events.addToCart("shop", "dz")).build().toByteArray();
        Response response = http.post("/v1/events/ingest", PROTOBUF, Gzip.compress(body), "Content-Encoding", "gzip",
                "X-Anything", "echo?");
        assertEquals(200, response.status(), response.text());
        assertEquals("events.shop.commerce.add_to_cart", lastMessage().getSubject());
        // the answer describes itself: a plain body, and nothing of the request echoed
        assertEquals(null, response.header("Content-Encoding"));
        assertEquals(null, response.header("X-Anything"));
        assertEquals("accepted", IngestEventResponse.parseFrom(response.body()).getStatus());

        Response json = http.post("/v1/events/ingest", "application/json; charset=utf-8", Gzip.compress(
                "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"dz\",\"appStart\":{\"isColdStart\":true}}}"
                        .getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip");
        assertEquals(200, json.status(), json.text());
        assertEquals("events.shop.system.app_start", lastMessage().getSubject());
    }

    @Test
    void batchIsJudgedEventByEventAndStoresOnlyValidEvents() throws Exception {
        long before = nats.messageCount("EVENTS");
        IngestEventBatchRequest request = IngestEventBatchRequest.newBuilder()
                .addEvents(Events.screenView("shop", "b1", "home"))
                .addEvents(Events.screenView("bad app id!", "b1", "home"))
                .addEvents(Events.buttonTap("shop", "b1").toBuilder().setId("tap-1"))
                .addEvents(EventEnvelope.newBuilder().setAppId("shop").setDeviceId("b1")) // no payload
                .build();
        Response response = http.post("/v1/events/batch", PROTOBUF, request.toByteArray());

        assertEquals(200, response.status(), response.text());
        IngestEventBatchResponse body = IngestEventBatchResponse.parseFrom(response.body());
        assertEquals(2, body.getAcceptedCount());
        assertEquals(2, body.getRejectedCount());
        assertEquals(List.of("accepted", "rejected", "accepted", "rejected"),
                body.getResultsList().stream().map(r -> r.getStatus()).toList());
        assertEquals(List.of(0, 1, 2, 3), body.getResultsList().stream().map(r -> r.getIndex()).toList());
        assertEquals("tap-1", body.getResults(2).getEventId());
        assertTrue(body.getResults(1).getError().contains("app_id"), body.getResults(1).getError());
        assertTrue(body.getResults(3).getError().contains("payload"), body.getResults(3).getError());
        assertEquals(before + 2, nats.messageCount("EVENTS"));
    }

    @Test
    void jsonBatchAnswersInJson() throws Exception {
        Response response = http.postJson("/v1/events/batch", "{\"events\":["
                + "{\"appId\":\"web\",\"deviceId\":\"w1\",\"screenView\":{\"screenName\":\"landing\"}},"
                + "{\"appId\":\"web\",\"deviceId\":\"\",\"screenView\":{\"screenName\":\"landing\"}}]}");
        assertEquals(200, response.status(), response.text());
        IngestEventBatchResponse.Builder body = IngestEventBatchResponse.newBuilder();
        JsonFormat.parser().merge(response.text(), body);
        assertEquals(1, body.getAcceptedCount());
        assertEquals(1, body.getRejectedCount());
        assertTrue(body.getResults(1).getError().contains("device_id"));
    }

    @Test
    void retriedEventIsStoredOnce() {
        long before = nats.messageCount("EVENTS");
        byte[] byId = IngestEventRequest.newBuilder()
                .setEvent(Events.buttonTap("shop", "r1").toBuilder().setId("retry-" + UUID.randomUUID())).build()
                .toByteArray();
        assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, byId).status());
        assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, byId).status(), "a retry is still accepted");

        // Same idempotency key, no client id: each attempt gets a new id, yet it is stored once.
        String key = "idem-" + UUID.randomUUID();
        byte[] byKey = IngestEventRequest.newBuilder()
                .setEvent(Events.buttonTap("shop", "r1").toBuilder().setIdempotencyKey(key)).build().toByteArray();
        assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, byKey).status());
        assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, byKey).status());
        assertEquals("shop:" + key, lastMessage().getHeaders().getFirst("Nats-Msg-Id"));

        assertEquals(before + 2, nats.messageCount("EVENTS"));
    }

    @Test
    void idsWithControlOrNonAsciiCharactersAreStoredAndDeduplicated() {
        // a CR, LF or non-ASCII character cannot ride in a NATS header: before the dedup key was
        // escaped, such an event got 503 on every attempt, and a good SDK resent it forever
        long before = nats.messageCount("EVENTS");
        for (String id : List.of("cr\r" + UUID.randomUUID(), "lf\n" + UUID.randomUUID(), "caf\u00e9-" + UUID.randomUUID())) {
            byte[] body = IngestEventRequest.newBuilder()
                    .setEvent(Events.buttonTap("shop", "c1").toBuilder().setId(id)).build().toByteArray();
            Response first = http.post("/v1/events/ingest", PROTOBUF, body);
            assertEquals(200, first.status(), first.text());
            assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, body).status(), "a retry is still accepted");
        }
        assertEquals(before + 3, nats.messageCount("EVENTS"), "each stored once");
    }

    @Test
    void sameIdempotencyKeyInTwoAppsStoresBothAndDottedAppIdsAreAppIds() throws Exception {
        long before = nats.messageCount("EVENTS");
        String key = "k-" + UUID.randomUUID();
        for (String app : List.of("com.example.shop", "com.example.news")) {
            Response response = http.post("/v1/events/ingest", PROTOBUF, IngestEventRequest.newBuilder()
                    .setEvent(Events.buttonTap(app, "x1").toBuilder().setIdempotencyKey(key)).build().toByteArray());
            assertEquals(200, response.status(), response.text());
            assertEquals("events." + app.replace('.', '_') + ".interaction.button_tap", lastMessage().getSubject());
            assertEquals(app + ":" + key, lastMessage().getHeaders().getFirst("Nats-Msg-Id"));
        }
        assertEquals(before + 2, nats.messageCount("EVENTS"), "one app's key never drops another app's event");
    }

    @Test
    void healthAndReadiness() {
        assertEquals(200, http.get("/health").status());
        Response ready = http.get("/ready");
        assertEquals(200, ready.status(), ready.text());
    }

    /**
     * An API route that should run but does not (starting up, or stopped by an operator) answers a
     * retryable 503, never a 404 a client would take for its own mistake, and /ready says why.
     */
    @Test
    void aRouteNotRunningYetAnswers503AndIsNotReady() throws Exception {
        byte[] batch = IngestEventBatchRequest.newBuilder().addEvents(Events.buttonTap("shop", "r")).build().toByteArray();
        app.context().getRouteController().stopRoute("ingest-batch");
        try {
            Response refused = http.post("/v1/events/batch", PROTOBUF, batch);
            assertEquals(503, refused.status(), refused.text());
            assertEquals("unavailable", JsonParser.parseString(refused.text()).getAsJsonObject().get("code").getAsString());
            assertNotNull(refused.header("Retry-After"));
            Response ready = http.get("/ready");
            assertEquals(503, ready.status(), ready.text());
            assertTrue(ready.text().contains("ingest-batch"), ready.text());
            assertEquals(404, http.post("/v1/events/bulk", PROTOBUF, batch).status(), "other paths are not held up");
        } finally {
            app.context().getRouteController().startRoute("ingest-batch");
        }
        assertEquals(200, http.post("/v1/events/batch", PROTOBUF, batch).status());
        assertEquals(200, http.get("/ready").status());
    }

    @Test
    void streamIsCreatedWithConfiguredLimits() throws Exception {
        var config = nats.management().getStreamInfo("EVENTS").getConfiguration();
        assertEquals(List.of("events.>"), config.getSubjects());
        assertEquals(io.nats.client.api.StorageType.File, config.getStorageType());
        assertEquals(io.nats.client.api.RetentionPolicy.Limits, config.getRetentionPolicy());
        assertEquals(java.time.Duration.ofDays(7), config.getMaxAge());
        assertEquals(java.time.Duration.ofMinutes(2), config.getDuplicateWindow());
    }

    private static MessageInfo lastMessage() {
        List<MessageInfo> messages = nats.messages("EVENTS");
        assertFalse(messages.isEmpty());
        MessageInfo last = messages.get(messages.size() - 1);
        assertNotNull(last.getHeaders());
        return last;
    }
}
