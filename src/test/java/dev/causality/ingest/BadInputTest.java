package dev.causality.ingest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.proto.v1.ScreenView;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client mistakes: each gets a clear 4xx with a JSON error body, and nothing reaches the stream.
 * The server stays healthy afterwards (checked after every test).
 */
class BadInputTest {

    static final String PROTOBUF = "application/x-protobuf";
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_EVENT = 16 * 1024;

    static NatsServer nats;
    static CausalityApp app;
    static HttpTestClient http;
    long storedBefore;

    @BeforeAll
    static void start() {
        nats = NatsServer.started();
        app = CausalityApp.start(nats.url(), java.util.Map.of(
                "ingest.max-body-bytes", Integer.toString(MAX_BODY),
                "ingest.max-event-bytes", Integer.toString(MAX_EVENT)));
        http = app.http();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        nats.close();
    }

    @BeforeEach
    void countStored() {
        storedBefore = nats.messageCount("EVENTS");
    }

    @AfterEach
    void nothingStoredAndStillServing() {
        assertEquals(storedBefore, nats.messageCount("EVENTS"), "a refused request must store nothing");
        Response ok = http.post("/v1/events/ingest", PROTOBUF,
                IngestEventRequest.newBuilder().setEvent(Events.buttonTap("shop", "after")).build().toByteArray());
        assertEquals(200, ok.status(), "the server still accepts good events: " + ok.text());
    }

    @Test
    void invalidEventGetsFieldViolationsInBothFormats() {
        EventEnvelope invalid = EventEnvelope.newBuilder().setAppId("-bad").setDeviceId("")
                .setId("x".repeat(129)).setTimestampMs(System.currentTimeMillis() + 25L * 3600 * 1000)
                .setScreenView(ScreenView.newBuilder()).build();
        Response proto = http.post("/v1/events/ingest", PROTOBUF,
                IngestEventRequest.newBuilder().setEvent(invalid).build().toByteArray());
        JsonObject error = error(proto, 400, "invalid_event");
        String violations = error.get("violations").toString();
        for (String field : new String[] {"event.app_id", "event.device_id", "event.id", "event.timestamp_ms",
                "event.screen_view.screen_name"}) {
            assertTrue(violations.contains("\"" + field + "\""), field + " in " + violations);
        }

        Response json = http.postJson("/v1/events/ingest",
                "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\",\"productView\":{}}}");
        assertTrue(error(json, 400, "invalid_event").get("violations").toString()
                .contains("event.product_view.product_id"));
    }

    @Test
    void eventWithoutPayloadOrWithoutEventIsRejected() {
        error(http.postJson("/v1/events/ingest", "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\"}}"),
                400, "invalid_event");
        error(http.postJson("/v1/events/ingest", "{}"), 400, "invalid_request");
        error(http.post("/v1/events/ingest", PROTOBUF, new byte[0]), 400, "empty_body");
    }

    @Test
    void truncatedAndRandomProtobufBytes() {
        byte[] good = IngestEventRequest.newBuilder().setEvent(Events.purchase("shop", "d")).build().toByteArray();
        error(http.post("/v1/events/ingest", PROTOBUF, Arrays.copyOf(good, good.length - 3)), 400, null);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(2000)];
            random.nextBytes(noise);
            Response response = http.post(i % 2 == 0 ? "/v1/events/ingest" : "/v1/events/batch", PROTOBUF, noise);
            assertEquals(400, response.status(), response.text());
        }
    }

    @Test
    void malformedJsonAndUnknownFields() {
        error(http.postJson("/v1/events/ingest", "{\"event\":"), 400, "malformed_request");
        error(http.postJson("/v1/events/ingest", "not json at all"), 400, "malformed_request");
        JsonObject unknown = error(http.postJson("/v1/events/ingest",
                "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"a\"},\"colour\":\"red\"}}"),
                400, "malformed_request");
        assertTrue(unknown.get("message").getAsString().contains("colour"));
        error(http.postJson("/v1/events/batch", "{\"events\":[],\"extra\":1}"), 400, "malformed_request");
    }

    @Test
    void deeplyNestedJson() {
        String deep = "{\"event\":{\"screenView\":{\"params\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}}}";
        error(http.postJson("/v1/events/ingest", deep), 400, "malformed_request");
        String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        error(http.postJson("/v1/events/batch", deepObjects), 400, "malformed_request");
    }

    @Test
    void wrongContentTypeIs415() {
        error(http.post("/v1/events/ingest", "text/csv", "hello".getBytes(StandardCharsets.UTF_8)),
                415, "unsupported_media_type");
        // text/plain is sendBeacon's protobuf JSON: parsed as JSON, so not JSON is a malformed body
        error(http.post("/v1/events/ingest", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)),
                400, "malformed_request");
        error(http.post("/v1/events/ingest", "application/x-www-form-urlencoded",
                "event=1".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_media_type");
        error(http.post("/v1/events/batch", null, new byte[] {1, 2, 3}), 415, "unsupported_media_type");
        error(http.post("/v1/events/ingest", PROTOBUF, new byte[] {1}, "Content-Encoding", "br"),
                415, "unsupported_content_encoding");
    }

    @Test
    void bodyOverTheLimitIs413InBothFormats() {
        byte[] big = new byte[MAX_BODY + 1];
        error(http.post("/v1/events/ingest", PROTOBUF, big), 413, "payload_too_large");
        char[] json = new char[MAX_BODY + 10];
        Arrays.fill(json, ' ');
        error(http.post("/v1/events/batch", "application/json",
                new String(json).getBytes(StandardCharsets.UTF_8)), 413, "payload_too_large");
    }

    @Test
    void gzipBombIs413AndBrokenGzipIs400() {
        byte[] bomb = Gzip.zeros(256L * MAX_BODY); // 16 MiB inflated from a few KiB
        assertTrue(bomb.length < MAX_BODY, "bomb is " + bomb.length + " bytes");
        error(http.post("/v1/events/ingest", PROTOBUF, bomb, "Content-Encoding", "gzip"), 413, "payload_too_large");
        error(http.post("/v1/events/batch", "application/json", bomb, "Content-Encoding", "gzip"),
                413, "payload_too_large");
        error(http.post("/v1/events/ingest", PROTOBUF, new byte[] {31, -117, 8, 0, 1, 2},
                "Content-Encoding", "gzip"), 400, "malformed_body");
    }

    @Test
    void batchOf1001EventsAndEmptyBatch() {
        IngestEventBatchRequest.Builder batch = IngestEventBatchRequest.newBuilder();
        EventEnvelope tiny = EventEnvelope.newBuilder().setAppId("a").setDeviceId("d")
                .setScreenView(ScreenView.newBuilder().setScreenName("s")).build();
        for (int i = 0; i < 1001; i++) {
            batch.addEvents(tiny);
        }
        byte[] body = batch.build().toByteArray();
        assertTrue(body.length < MAX_BODY);
        // "more than": counted while skipping through the body, before a single event was built
        JsonObject protobuf = error(http.post("/v1/events/batch", PROTOBUF, body), 400, "invalid_request");
        assertTrue(protobuf.toString().contains("has more than 1000 events"), protobuf.toString());
        JsonObject json = error(http.postJson("/v1/events/batch", "{\"events\":[" + "{},".repeat(1000) + "{}]}"),
                400, "invalid_request");
        assertTrue(json.toString().contains("has more than 1000 events"), json.toString());
        error(http.postJson("/v1/events/batch", "{\"events\":[]}"), 400, "invalid_request");
        assertEquals(storedBefore, nats.messageCount("EVENTS"));
    }

    @Test
    void hugeStrings() {
        String huge = "x".repeat(MAX_BODY - 1000); // under the body limit
        error(http.post("/v1/events/ingest", PROTOBUF, IngestEventRequest.newBuilder()
                .setEvent(Events.screenView("shop", "d", "home").toBuilder().setDeviceId(huge)).build()
                .toByteArray()), 400, "invalid_event");
        // A field without a length rule: refused for the event's size, which must fit a JetStream message.
        EventEnvelope bigScreen = Events.screenView("shop", "d", "home").toBuilder()
                .setScreenView(ScreenView.newBuilder().setScreenName("home").setScreenClass(huge)).build();
        JsonObject tooBig = error(http.post("/v1/events/ingest", PROTOBUF,
                IngestEventRequest.newBuilder().setEvent(bigScreen).build().toByteArray()), 400, "invalid_event");
        assertTrue(tooBig.get("violations").toString().contains("exceeds the limit of " + MAX_EVENT), tooBig.toString());
        Response inBatch = http.post("/v1/events/batch", PROTOBUF,
                IngestEventBatchRequest.newBuilder().addEvents(bigScreen).build().toByteArray());
        assertEquals(200, inBatch.status(), "a batch rejects the event alone");
        error(http.postJson("/v1/events/ingest", "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\","
                + "\"customEvent\":{\"eventName\":\"" + "n".repeat(5000) + "\"}}}"), 400, "invalid_event");
    }

    @Test
    void wrongMethodIsRefused() {
        Response response = http.get("/v1/events/ingest/");
        error(response, 405, "method_not_allowed");
        assertEquals("POST", response.header("Allow"));
    }

    @Test
    void unknownPathIsAJsonNotFound() {
        JsonObject body = error(http.post("/v1/events/bulk", PROTOBUF, new byte[] {1}), 404, "not_found");
        assertTrue(body.get("message").getAsString().contains("POST /v1/events/bulk"), body.toString());
    }

    private static JsonObject error(Response response, int status, String code) {
        assertEquals(status, response.status(), response.text());
        assertEquals("application/json", response.header("Content-Type"));
        JsonObject body = JsonParser.parseString(response.text()).getAsJsonObject();
        if (code != null) {
            assertEquals(code, body.get("code").getAsString(), response.text());
        }
        assertTrue(body.has("message") && body.has("violations"), response.text());
        return body;
    }
}
