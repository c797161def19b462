package dev.causality.access;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventBatchResponse;
import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.CausalityCli;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write keys end to end: made, listed and revoked by the jar's CLI against a real NATS, while a
 * collector with {@code ingest.auth=keys} uses them; every refusal exactly as the contract says, and
 * nothing of a refused request stored.
 */
class WriteKeysIT {

    static final String PROTOBUF = "application/x-protobuf";
    static final Duration PROPAGATION = Duration.ofSeconds(5); // the contract's bound for every collector

    static NatsServer nats;
    static CausalityApp app;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        nats = NatsServer.started();
        app = CausalityApp.start(nats.url(), Map.of("ingest.auth", "keys"));
        http = app.http();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        nats.close();
    }

    private static String create(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "keys";
        args[1] = "create";
        System.arraycopy(options, 0, args, 2, options.length);
        CausalityCli.Result created = CausalityCli.run(nats.url(), args);
        assertEquals(0, created.exit(), created.err());
        return created.lastLine();
    }

    private static byte[] event(String app) {
        return IngestEventRequest.newBuilder().setEvent(Events.buttonTap(app, "d")).build().toByteArray();
    }

    private static JsonObject error(Response response, int status, String code) {
        assertEquals(status, response.status(), response.text());
        JsonObject body = JsonParser.parseString(response.text()).getAsJsonObject();
        assertEquals(code, body.get("code").getAsString(), response.text());
        return body;
    }

    @Test
    void aKeyFromTheCliWorksAtOnceAndIsRefusedWithinSecondsOfItsRevocation() {
        String key = create("--app", "shop", "--app", "com.example.shop");
        assertTrue(key.startsWith("cwk_"), key);
        long stored = nats.messageCount("EVENTS");

        await("the new key is seen").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> http.post("/v1/events/ingest", PROTOBUF, event("shop"), "Authorization", "Bearer " + key)
                        .status() == 200);
        assertEquals(200, http.post("/v1/events/ingest", PROTOBUF, event("com.example.shop"),
                "X-Causality-Key", key).status());
        assertEquals(stored + 2, nats.messageCount("EVENTS"));

        CausalityCli.Result list = CausalityCli.run(nats.url(), "keys", "list");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("shop,com.example.shop"), list.out());
        assertFalse(list.out().contains(key), "list never shows a key");
        String id = list.out().lines().filter(line -> line.contains("shop,com.example.shop")).findFirst().orElseThrow()
                .split("\\s+")[0];

        CausalityCli.Result revoked = CausalityCli.run(nats.url(), "keys", "revoke", id);
        assertEquals(0, revoked.exit(), revoked.err());
        await("the revoked key is refused").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> http.post("/v1/events/ingest", PROTOBUF, event("shop"), "Authorization", "Bearer " + key)
                        .status() == 401);
        long afterRevoke = nats.messageCount("EVENTS");
        error(http.post("/v1/events/ingest", PROTOBUF, event("shop"), "Authorization", "Bearer " + key),
                401, "unauthenticated");
        assertEquals(afterRevoke, nats.messageCount("EVENTS"), "nothing stored for a revoked key");
        assertFalse(CausalityCli.run(nats.url(), "keys", "list").out().contains(id));

        CausalityCli.Result again = CausalityCli.run(nats.url(), "keys", "revoke", id);
        assertNotEquals(0, again.exit());
        assertTrue(again.err().contains("no active write key"), again.err());
    }

    @Test
    void refusalsAreExactlyAsTheContractSaysAndStoreNothing() throws Exception {
        String key = create("--app", "shop");
        await("the new key is seen").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> http.post("/v1/events/ingest", PROTOBUF, event("shop"), "X-Causality-Key", key)
                        .status() == 200);
        long stored = nats.messageCount("EVENTS");

        error(http.post("/v1/events/ingest", PROTOBUF, event("shop")), 401, "unauthenticated");
        error(http.post("/v1/events/batch", PROTOBUF, IngestEventBatchRequest.newBuilder()
                .addEvents(Events.buttonTap("shop", "d")).build().toByteArray()), 401, "unauthenticated");
        error(http.post("/v1/events/ingest", PROTOBUF, event("shop"), "Authorization", "Bearer cwk_unknown"),
                401, "unauthenticated");
        error(http.post("/v1/events/ingest", PROTOBUF, event("news"), "X-Causality-Key", key), 403, "app_not_allowed");
        // a key that names no origin is for server-side and mobile clients: a browser page may not use it
        error(http.post("/v1/events/ingest", PROTOBUF, event("shop"), "X-Causality-Key", key,
                "Origin", "https://shop.example"), 403, "origin_not_allowed");
        assertEquals(stored, nats.messageCount("EVENTS"), "nothing stored for a refused request");

        // a batch rejects the events of other apps alone and stores the rest
        Response batch = http.postJson("/v1/events/batch", "{\"events\":["
                + "{\"appId\":\"shop\",\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"a\"}},"
                + "{\"appId\":\"news\",\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"b\"}}]}", "X-Causality-Key", key);
        assertEquals(200, batch.status(), batch.text());
        IngestEventBatchResponse.Builder results = IngestEventBatchResponse.newBuilder();
        JsonFormat.parser().merge(batch.text(), results);
        assertEquals(List.of("accepted", "rejected"), results.getResultsList().stream().map(r -> r.getStatus()).toList());
        assertTrue(results.getResults(1).getError().startsWith("app_not_allowed"), results.getResults(1).getError());
        assertEquals(stored + 1, nats.messageCount("EVENTS"));
    }

    @Test
    void overTheRateIs429WithRetryAfterAndNothingStored() {
        String key = create("--app", "shop", "--rate", "1"); // a burst of 2 events, then 1 per second
        await("the new key is seen").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> http.post("/v1/events/ingest", PROTOBUF, new byte[0], "X-Causality-Key", key)
                        .status() == 400); // known key, empty body: authenticated without taking a token
        byte[] twoEvents = IngestEventBatchRequest.newBuilder().addEvents(Events.buttonTap("shop", "d"))
                .addEvents(Events.buttonTap("shop", "d")).build().toByteArray();
        long stored = nats.messageCount("EVENTS");
        assertEquals(200, http.post("/v1/events/batch", PROTOBUF, twoEvents, "X-Causality-Key", key).status());
        Response limited = http.post("/v1/events/batch", PROTOBUF, twoEvents, "X-Causality-Key", key);
        error(limited, 429, "rate_limited");
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1, limited.header("Retry-After"));
        assertEquals(stored + 2, nats.messageCount("EVENTS"), "nothing of the limited request is stored");
    }

    @Test
    void browserOriginsGetCorsHeadersOnlyWhenAKeyNamesThem() {
        String key = create("--app", "web", "--origin", "https://Shop.Example");
        await("the new key is seen").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> http.send("OPTIONS", "/v1/events/batch", null, "Origin", "https://shop.example",
                        "Access-Control-Request-Method", "POST").status() == 204);
        Response preflight = http.send("OPTIONS", "/v1/events/ingest", null, "Origin", "https://shop.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-causality-key");
        assertEquals(204, preflight.status());
        assertEquals("https://shop.example", preflight.header("Access-Control-Allow-Origin"));
        assertEquals("POST", preflight.header("Access-Control-Allow-Methods"));
        assertEquals("authorization, content-type, content-encoding, x-causality-key",
                preflight.header("Access-Control-Allow-Headers"));
        assertTrue(Integer.parseInt(preflight.header("Access-Control-Max-Age")) > 0);
        assertNull(preflight.header("Access-Control-Allow-Credentials"));

        Response other = http.send("OPTIONS", "/v1/events/ingest", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST");
        error(other, 403, "origin_not_allowed");
        assertNull(other.header("Access-Control-Allow-Origin"), "never an echo of an arbitrary origin");

        Response posted = http.post("/v1/events/ingest", "application/json", ("{\"event\":{\"appId\":\"web\","
                + "\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"home\"}}}").getBytes(), "X-Causality-Key", key,
                "Origin", "https://shop.example");
        assertEquals(200, posted.status(), posted.text());
        assertEquals("https://shop.example", posted.header("Access-Control-Allow-Origin"));

        Response elsewhere = http.post("/v1/events/ingest", "application/json", ("{\"event\":{\"appId\":\"web\","
                + "\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"home\"}}}").getBytes(), "X-Causality-Key", key,
                "Origin", "https://evil.example");
        error(elsewhere, 403, "origin_not_allowed");
        assertNull(elsewhere.header("Access-Control-Allow-Origin"));

        // sendBeacon: the key in the query, protobuf JSON as text/plain; the key never comes back
        Response beacon = http.post("/v1/events/batch?key=" + key, "text/plain;charset=UTF-8", ("{\"events\":[{\"appId\":"
                + "\"web\",\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"beacon\"}}]}").getBytes(),
                "Origin", "https://shop.example");
        assertEquals(200, beacon.status(), beacon.text());
        assertNull(beacon.header("key"));
    }

    @Test
    void theCliRefusesMistakesWithAMessage() {
        CausalityCli.Result noApp = CausalityCli.run(nats.url(), "keys", "create");
        assertEquals(2, noApp.exit());
        assertTrue(noApp.err().contains("--app"), noApp.err());
        CausalityCli.Result badOrigin = CausalityCli.run(nats.url(), "keys", "create", "--app", "a", "--origin", "shop");
        assertEquals(2, badOrigin.exit());
        CausalityCli.Result noNats = CausalityCli.run("nats://127.0.0.1:1", "keys", "list");
        assertEquals(1, noNats.exit());
        assertTrue(noNats.err().contains("NATS"), noNats.err());
    }
}
