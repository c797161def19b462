package dev.causality.batch;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.causality.jetstream.DeadLetters;
import dev.causality.lake.S3LakeWarmup;
import dev.causality.proto.v1.AppCrash;
import dev.causality.proto.v1.DeviceContext;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.NetworkType;
import dev.causality.proto.v1.Platform;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.ParquetFiles;
import dev.causality.testsupport.S3Server;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warehouse sink end to end: events posted over HTTP, read back from the lake as Parquet. */
class WarehouseSinkTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PROTOBUF = "application/x-protobuf";
    static final long HOUR = 3_600_000L;

    static NatsServer nats;
    static S3Server s3;

    @BeforeAll
    static void servers() {
        nats = NatsServer.started();
        s3 = S3Server.started();
    }

    @AfterAll
    static void stopServers() {
        s3.close();
        nats.close();
    }

    /** A fresh stream, consumer and bucket per test: each test starts from an empty pipeline. */
    static CausalityApp app(String bucket, Map<String, String> settings) {
        for (String stream : List.of("EVENTS", DeadLetters.STREAM)) {
            try {
                nats.management().deleteStream(stream);
            } catch (Exception e) {
                // first test: nothing to delete
            }
        }
        return CausalityApp.start(nats.url(), withS3(bucket, settings));
    }

    static Map<String, String> withS3(String bucket, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(s3.settings(bucket));
        all.put("batch.flush-interval", "1s");
        all.putAll(settings);
        return all;
    }

    @Test
    void eventsLandAsParquetWithEveryColumn() throws Exception {
        long hourAgo = System.currentTimeMillis() - HOUR;
        EventEnvelope screen = Events.screenView("shop", "dev-1", "home").toBuilder()
                .setId("e-screen").setTimestampMs(hourAgo).setCorrelationId("c-1").setIdempotencyKey("k-1").build();
        EventEnvelope android = Events.addToCart("shop", "dev-2").toBuilder().setId("e-cart").setTimestampMs(hourAgo)
                .setDeviceContext(DeviceContext.newBuilder().setPlatform(Platform.PLATFORM_ANDROID)
                        .setNetworkType(NetworkType.NETWORK_TYPE_CELLULAR_5G).setIsEmulator(true).setScreenWidth(1080))
                .build();
        EventEnvelope bare = Events.custom("shop", "dev-3", "Level Up").toBuilder().setId("e-custom")
                .setTimestampMs(hourAgo).build();
        EventEnvelope crash = EventEnvelope.newBuilder().setAppId("shop").setDeviceId("dev-4").setId("e-crash")
                .setTimestampMs(hourAgo).setAppCrash(AppCrash.newBuilder().setCrashType("NullPointer")
                        .setStackTrace("at a\nat b")).build();

        // completed by size: the 1 s flush interval could tick between the four and split them
        try (CausalityApp app = app("columns", Map.of("batch.max-events", "4", "batch.flush-interval", "1h"))) {
            long before = System.currentTimeMillis();
            post(app, screen, android, bare, crash);
            await().atMost(WAIT).until(() -> s3Lake("columns").rows().size() == 4);
            LakeRows lake = s3Lake("columns");
            assertEquals(1, lake.files().size(), "one partition, one file");
            assertEquals("ZSTD", ParquetFiles.codec(lake.files().values().iterator().next()));
            ZonedDateTime time = Instant.ofEpochMilli(hourAgo).atZone(ZoneOffset.UTC);
            String partition = "events/app_id=shop/year=" + time.getYear() + "/month=" + time.getMonthValue()
                    + "/day=" + time.getDayOfMonth() + "/hour=" + time.getHour() + "/";
            assertTrue(lake.files().keySet().iterator().next().startsWith(partition), lake.files().keySet().toString());

            Map<String, GenericRecord> rows = new HashMap<>();
            lake.rows().forEach(r -> rows.put(r.get("id").toString(), r));

            GenericRecord s = rows.get("e-screen");
            assertEquals("dev-1", LakeRows.string(s, "device_id"));
            assertEquals(hourAgo, s.get("timestamp_ms"));
            assertEquals("screen", LakeRows.string(s, "event_category"));
            assertEquals("view", LakeRows.string(s, "event_type"));
            assertEquals("ios", LakeRows.string(s, "platform"));
            assertEquals("17.4", LakeRows.string(s, "os_version"));
            assertEquals("2.3.1", LakeRows.string(s, "app_version"));
            assertEquals("c-1", LakeRows.string(s, "correlation_id"));
            assertEquals("k-1", LakeRows.string(s, "idempotency_key"));
            assertEquals("231", LakeRows.string(s, "build_number"));
            assertEquals("iPhone15,2", LakeRows.string(s, "device_model"));
            assertEquals("Apple", LakeRows.string(s, "manufacturer"));
            assertEquals(1179, s.get("screen_width"));
            assertEquals(2556, s.get("screen_height"));
            assertEquals("en_GB", LakeRows.string(s, "locale"));
            assertEquals("Europe/London", LakeRows.string(s, "timezone"));
            assertEquals("wifi", LakeRows.string(s, "network_type"));
            assertEquals("EE", LakeRows.string(s, "carrier"));
            assertEquals(false, s.get("is_jailbroken"));
            assertEquals(false, s.get("is_emulator"));
            assertEquals("1.4.0", LakeRows.string(s, "sdk_version"));
            long receivedAt = (Long) s.get("received_at_ms");
            assertTrue(receivedAt >= before && receivedAt <= System.currentTimeMillis());
            JsonObject payload = JsonParser.parseString(LakeRows.string(s, "payload_json")).getAsJsonObject();
            assertEquals("home", payload.get("screen_name").getAsString());
            assertEquals("home", payload.getAsJsonObject("params").get("tab").getAsString());

            GenericRecord a = rows.get("e-cart");
            assertEquals("android", LakeRows.string(a, "platform"));
            assertEquals("cellular_5g", LakeRows.string(a, "network_type"));
            assertEquals(true, a.get("is_emulator"));
            assertEquals(1080, a.get("screen_width"));
            assertNull(a.get("os_version"), "empty strings are null");
            assertEquals("commerce", LakeRows.string(a, "event_category"));
            assertEquals("add_to_cart", LakeRows.string(a, "event_type"));
            JsonObject cart = JsonParser.parseString(LakeRows.string(a, "payload_json")).getAsJsonObject();
            assertEquals("sku-1", cart.get("product_id").getAsString());
            assertEquals(2, cart.get("quantity").getAsInt());
            assertEquals("1999", cart.get("price_cents").getAsString(), "int64 as protobuf JSON: a string");

            GenericRecord c = rows.get("e-custom");
            assertEquals("custom", LakeRows.string(c, "event_category"));
            assertEquals("level_up", LakeRows.string(c, "event_type"));
            assertNull(c.get("platform"), "no device context: null");
            assertNull(c.get("screen_width"));
            assertNull(c.get("is_jailbroken"));
            assertNull(c.get("correlation_id"));
            JsonObject custom = JsonParser.parseString(LakeRows.string(c, "payload_json")).getAsJsonObject();
            assertEquals("Level Up", custom.get("event_name").getAsString());
            assertEquals("3", custom.getAsJsonObject("int_params").get("level").getAsString());

            GenericRecord x = rows.get("e-crash");
            assertEquals("system", LakeRows.string(x, "event_category"));
            assertEquals("app_crash", LakeRows.string(x, "event_type"));
            assertEquals("at a\nat b", JsonParser.parseString(LakeRows.string(x, "payload_json")).getAsJsonObject()
                    .get("stack_trace").getAsString());
        }
    }

    @Test
    void sizeTriggerWritesFullBatchesAndShutdownWritesTheRest() throws Exception {
        try (CausalityApp app = app("size", Map.of("batch.max-events", "5", "batch.flush-interval", "1h"))) {
            post(app, sameHour(12, "size"));
            await().atMost(WAIT).until(() -> s3Lake("size").files().size() == 2);
            assertEquals(List.of(5, 5), s3Lake("size").files().values().stream()
                    .map(f -> ParquetFiles.read(f).size()).toList());
        }
        // stopped: the open batch of 2 is completed on shutdown
        LakeRows lake = s3Lake("size");
        assertEquals(3, lake.files().size());
        assertEquals(12, new TreeSet<>(lake.ids()).size());
    }

    /**
     * Reaching max-in-flight while most held messages sit in batches being uploaded must wait for
     * those uploads, not cut the open batch short: every file here is a full batch.
     */
    @Test
    void inFlightLimitWaitsForUploadsInsteadOfCuttingOpenBatchesShort() throws Exception {
        Map<String, String> settings = Map.of("batch.max-events", "40", "batch.flush-interval", "1h",
                "sink.max-in-flight", "100");
        try (CausalityApp app = app("inflight", settings)) {
            post(app, sameHour(400, "inflight"));
            await().atMost(WAIT).until(() -> s3Lake("inflight").rows().size() == 400);
            LakeRows lake = s3Lake("inflight");
            assertEquals(Collections.nCopies(10, 40), lake.files().values().stream()
                    .map(f -> ParquetFiles.read(f).size()).toList());
            assertEquals(400, new TreeSet<>(lake.ids()).size());
        }
    }

    /**
     * The S3 endpoint is resolved when the sink starts, not at the first upload: Camel does not start
     * an endpoint first resolved while the context stops, so these batches used to wait for redelivery.
     */
    @Test
    void sinkStoppedBeforeItsFirstUploadStillWritesItsOpenBatches() throws Exception {
        try (CausalityApp app = app("first-at-stop", Map.of("batch.flush-interval", "1h"))) {
            post(app, sameHour(3, "first-at-stop"));
            await().atMost(WAIT).until(() -> app.http().metric("causality_sink_consumer_held") == 3);
            awaitLakeReady(app);
            assertEquals(Map.of(), s3.objects("first-at-stop"), "nothing written before the stop");
        }
        assertEquals(3, new TreeSet<>(s3Lake("first-at-stop").ids()).size());
    }

    @Test
    void timeTriggerWritesAnIncompleteBatch() throws Exception {
        try (CausalityApp app = app("time", Map.of("batch.max-events", "1000", "batch.flush-interval", "1s"))) {
            post(app, sameHour(3, "time"));
            // written while the app runs (no shutdown flush); a tick between the events may split them
            await().atMost(WAIT).until(() -> s3Lake("time").rows().size() == 3);
            assertEquals(3, new TreeSet<>(s3Lake("time").ids()).size());
        }
    }

    @Test
    void oneFilePerPartitionAcrossAppsAndHours() throws Exception {
        long now = System.currentTimeMillis();
        List<EventEnvelope> events = List.of(
                Events.buttonTap("alpha", "d").toBuilder().setTimestampMs(now - 2 * HOUR).build(),
                Events.buttonTap("alpha", "d").toBuilder().setTimestampMs(now - 2 * HOUR).build(),
                Events.buttonTap("alpha", "d").toBuilder().setTimestampMs(now - 5 * HOUR).build(),
                Events.buttonTap("beta", "d").toBuilder().setTimestampMs(now - 2 * HOUR).build(),
                Events.buttonTap("Beta", "d").toBuilder().setTimestampMs(now - 2 * HOUR).build());
        // no time trigger: the open batches are written when the app stops, so no tick splits a partition
        try (CausalityApp app = app("partitions", Map.of("batch.flush-interval", "1h"))) {
            post(app, events.toArray(EventEnvelope[]::new));
            await().atMost(WAIT).until(() -> app.http().metric("causality_sink_consumer_held") == 5);
            awaitLakeReady(app);
        }
        {
            LakeRows lake = s3Lake("partitions");
            assertEquals(4, lake.files().size(), lake.files().keySet().toString());
            Set<String> partitions = new TreeSet<>();
            lake.files().keySet().forEach(k -> partitions.add(k.substring(0, k.lastIndexOf('/'))));
            assertEquals(4, partitions.size(), "one file per partition: " + partitions);
            assertEquals(2, lake.rows("events/app_id=alpha/").stream()
                    .filter(r -> (Long) r.get("timestamp_ms") == now - 2 * HOUR).count());
            assertEquals(1, lake.rows("events/app_id=Beta/").size(), "partition values keep their case");
        }
    }

    @Test
    void poisonMessageIsDeadLetteredAndTheStreamGoesOn() throws Exception {
        try (CausalityApp app = app("poison", Map.of())) {
            post(app, sameHour(1, "before-poison"));
            await().atMost(WAIT).until(() -> s3Lake("poison").rows().size() == 1);
            Headers headers = new Headers().put("Nats-Msg-Id", "poison-1");
            nats.client().jetStream().publish(NatsMessage.builder().subject("events.shop.screen.view")
                    .headers(headers).data(new byte[] {(byte) 0xff, 0x01, 0x02}).build());
            // An event straight into the stream with an app id the API would refuse: written, escaped.
            EventEnvelope odd = Events.buttonTap("odd/app=1", "d").toBuilder().setId("odd-1")
                    .setTimestampMs(System.currentTimeMillis()).build();
            nats.client().jetStream().publish("events.odd.interaction.button_tap", odd.toByteArray());
            post(app, sameHour(2, "after-poison"));

            await().atMost(WAIT).until(() -> s3Lake("poison").rows().size() == 4);
            assertTrue(s3Lake("poison").files().keySet().stream().anyMatch(k -> k.startsWith("events/app_id=odd%2Fapp%3D1/")),
                    s3Lake("poison").files().keySet().toString());
            await().atMost(WAIT).until(() -> nats.messageCount(DeadLetters.STREAM) == 1);
            MessageInfo dead = nats.messages(DeadLetters.STREAM).get(0);
            assertEquals("dlq.events.shop.screen.view", dead.getSubject());
            assertTrue(dead.getHeaders().getFirst(DeadLetters.REASON_HEADER).contains("EventEnvelope"),
                    dead.getHeaders().getFirst(DeadLetters.REASON_HEADER));
            assertEquals(3, dead.getData().length, "the original bytes are kept");
            String metrics = app.management().get("/observe/metrics").text();
            assertTrue(metrics.contains("causality_sink_dead_lettered_total 1.0"), metrics);
        }
    }

    /**
     * Deliveries beyond sink.max-deliver make a message suspect, not guilty: restarts and outages
     * redeliver healthy events too. A healthy one is written; only one that cannot be is dead-lettered.
     */
    @Test
    void healthyMessageDeliveredMoreThanMaxDeliverTimesIsWrittenNotDeadLettered() throws Exception {
        try (CausalityApp api = app("redelivered", Map.of("sink.enabled", "false"))) {
            post(api, sameHour(3, "redelivered"));
        }
        // Another reader of the durable consumer takes the messages and never acks them,
        // as a sink instance that crashes on them would.
        nats.management().addOrUpdateConsumer("EVENTS", io.nats.client.api.ConsumerConfiguration.builder()
                .durable("warehouse-sink").filterSubject("events.>")
                .ackPolicy(io.nats.client.api.AckPolicy.Explicit).ackWait(Duration.ofSeconds(1)).build());
        var crashing = nats.client().jetStream().subscribe("events.>",
                io.nats.client.PullSubscribeOptions.bind("EVENTS", "warehouse-sink"));
        assertEquals(3, crashing.fetch(3, Duration.ofSeconds(5)).size());
        crashing.unsubscribe();

        try (CausalityApp sink = CausalityApp.start(nats.url(), withS3("redelivered",
                Map.of("sink.max-deliver", "1", "sink.ack-wait", "1s")))) {
            await().atMost(WAIT).until(() -> s3Lake("redelivered").rows().size() == 3);
            assertEquals(3, new TreeSet<>(s3Lake("redelivered").ids()).size());
            assertEquals(0, nats.messageCount(DeadLetters.STREAM), "healthy events are never dead-lettered");
        }
    }

    @Test
    void s3OutageLosesNothingDeadLettersNothingAndDrains() throws Exception {
        Map<String, String> settings = Map.of("batch.flush-interval", "500ms", "sink.ack-wait", "2s",
                "sink.retry-delay", "100", "sink.retry-max-delay", "500");
        try (CausalityApp app = app("outage", settings)) {
            post(app, sameHour(3, "up"));
            await().atMost(WAIT).until(() -> s3Lake("outage").rows().size() == 3);

            s3.stop();
            try {
                post(app, sameHour(20, "down"));
                // Longer than a flush interval and several ack waits: the retries must keep the messages alive.
                await().atMost(WAIT).until(() -> app.http().metric("causality_sink_write_retries_total") >= 12);
                post(app, sameHour(5, "still-down"));
            } finally {
                s3.start();
            }
            await().atMost(WAIT).until(() -> s3Lake("outage").rows().size() >= 28);
            List<String> ids = s3Lake("outage").ids();
            assertEquals(28, new TreeSet<>(ids).size(), "every event is in the lake");
            assertEquals(28, ids.size(), "held messages were kept alive: no redelivery, no duplicate");
            assertEquals(0, nats.messageCount(DeadLetters.STREAM), "an outage dead-letters nothing");
        }
    }

    /**
     * A bucket that is gone is no outage that passes: /ready, the health check and a metric say so,
     * with what to fix; the batches are kept, and written once the bucket is back.
     */
    @Test
    void permanentLakeErrorIsVisibleInReadinessAndRecoveredWhenFixed() throws Exception {
        Map<String, String> settings = Map.of("batch.flush-interval", "500ms", "sink.retry-delay", "100",
                "sink.retry-max-delay", "500");
        try (CausalityApp app = app("gone", settings)) {
            awaitLakeReady(app);
            assertEquals(200, app.http().get("/ready").status());
            s3.client().deleteBucket(b -> b.bucket("gone"));
            post(app, sameHour(4, "gone"));
            await().atMost(WAIT).until(() -> app.http().metric("causality_sink_lake_refusing") == 1);
            var ready = app.http().get("/ready");
            assertEquals(503, ready.status());
            assertTrue(ready.text().contains("bucket gone does not exist"), ready.text());
            String health = app.http().management().get("/observe/health?exposureLevel=full").text();
            assertTrue(health.contains("does not exist"), health);

            s3.client().createBucket(b -> b.bucket("gone"));
            await().atMost(WAIT).until(() -> s3Lake("gone").rows().size() == 4);
            await().atMost(WAIT).until(() -> app.http().get("/ready").status() == 200);
            assertEquals(0, app.http().metric("causality_sink_lake_refusing"));
            assertEquals(4, new TreeSet<>(s3Lake("gone").ids()).size());
            assertEquals(0, nats.messageCount(DeadLetters.STREAM), "a refusing lake dead-letters nothing");
        }
    }

    /**
     * A sink that restarts again and again while the lake is down (a crash loop, a deploy loop)
     * redelivers the same messages each time: past sink.max-deliver they are still healthy events,
     * written once the lake is back, never dead-lettered.
     */
    @Test
    void restartLoopDuringAnOutageDeadLettersNothing() throws Exception {
        // a short shutdown timeout: each stop gives up on the unreachable lake sooner (nak, then redelivery)
        Map<String, String> settings = Map.of("batch.flush-interval", "500ms", "sink.ack-wait", "2s",
                "sink.max-deliver", "1", "sink.retry-delay", "100", "sink.retry-max-delay", "500",
                "camel.main.shutdown-timeout", "6");
        try (CausalityApp api = app("loop", Map.of("sink.enabled", "false"))) {
            post(api, sameHour(6, "loop"));
        }
        s3.stop();
        try {
            for (int restart = 0; restart < 3; restart++) {
                try (CausalityApp sink = CausalityApp.start(nats.url(), withS3("loop", settings))) {
                    await().atMost(WAIT).until(() -> sink.http().metric("causality_sink_consumer_held") == 6);
                }
            }
        } finally {
            s3.start();
        }
        try (CausalityApp sink = CausalityApp.start(nats.url(), withS3("loop", settings))) {
            await().atMost(WAIT).until(() -> s3Lake("loop").rows().size() >= 6);
            assertEquals(6, new TreeSet<>(s3Lake("loop").ids()).size(), "every event is in the lake");
            assertEquals(0, nats.messageCount(DeadLetters.STREAM), "a restart loop dead-letters nothing");
        }
    }

    /**
     * A dead-letter publish that fails (the DLQ stream gone) leaves every refused message of the
     * fetch redeliverable: none stays held, and each is dead-lettered once the stream is back.
     */
    @Test
    void failedDeadLetterPublishLeavesEveryMessageRedeliverable() throws Exception {
        // a short ack wait: a message whose redelivery timer was reset (a keep-alive that crossed its nak)
        // or that reached a fetch as it closed comes back after the ack wait, within this test's wait
        try (CausalityApp app = app("dlq-down", Map.of("sink.ack-wait", "10s"))) {
            nats.management().deleteStream(DeadLetters.STREAM);
            for (int i = 0; i < 3; i++) {
                nats.client().jetStream().publish(NatsMessage.builder().subject("events.shop.screen.view")
                        .data(new byte[] {(byte) 0xff, (byte) i}).build());
            }
            // refused, not dead-lettered, given back: delivered again and again
            // (the sink creates its consumer as it starts pulling: "consumer not found" until then)
            await().atMost(WAIT).ignoreExceptionsInstanceOf(io.nats.client.JetStreamApiException.class)
                    .until(() -> nats.management().getConsumerInfo("EVENTS", "warehouse-sink").getRedelivered() >= 3);
            assertEquals(0, app.http().metric("causality_sink_dead_lettered_total"));
            nats.management().addStream(io.nats.client.api.StreamConfiguration.builder().name(DeadLetters.STREAM)
                    .subjects(DeadLetters.SUBJECT_PREFIX + "events.>").build());
            // each of the three dead-lettered (by the original's stream sequence); at least once
            await().atMost(WAIT).until(() -> nats.messages(DeadLetters.STREAM).stream()
                    .map(dead -> dead.getHeaders().getFirst(DeadLetters.SEQUENCE_HEADER)).distinct().count() == 3);
            for (MessageInfo dead : nats.messages(DeadLetters.STREAM)) {
                assertTrue(Long.parseLong(dead.getHeaders().getFirst(DeadLetters.DELIVERED_HEADER)) >= 2,
                        "redelivered after the failed publish");
            }
            await().atMost(WAIT).until(() -> app.http().metric("causality_sink_consumer_held") == 0);
        }
    }

    @Test
    void localDiskLakeHasTheSameLayoutAndContent(@TempDir Path dir) throws Exception {
        Path lakeDir = dir.resolve("lake");
        Map<String, String> local = new HashMap<>();
        local.put("s3.endpoint", "");
        local.put("lake.dir", lakeDir.toString());
        local.put("batch.max-events", "2");
        local.put("batch.flush-interval", "1h");
        try (CausalityApp app = app("unused", local)) {
            EventEnvelope screen = Events.screenView("shop", "dev-1", "home").toBuilder().setId("local-1").build();
            post(app, screen, Events.purchase("shop", "dev-2").toBuilder().setId("local-2").build());
            await().atMost(WAIT).until(() -> LakeRows.ofDirectory(lakeDir).rows().size() == 2);
            LakeRows lake = LakeRows.ofDirectory(lakeDir);
            assertEquals(1, lake.files().size());
            GenericRecord row = lake.rows().stream().filter(r -> r.get("id").toString().equals("local-1")).findFirst()
                    .orElseThrow();
            assertEquals("ios", LakeRows.string(row, "platform"));
            assertEquals("view", LakeRows.string(row, "event_type"));
            assertEquals("home", JsonParser.parseString(LakeRows.string(row, "payload_json")).getAsJsonObject()
                    .get("screen_name").getAsString());
        }
        assertEquals(Map.of(), s3.objects("unused"), "nothing went to S3");
    }

    private static LakeRows s3Lake(String bucket) {
        return LakeRows.of(s3.objects(bucket));
    }

    /** These tests write on stop: the S3 endpoint must be up by then (it is resolved in the background). */
    private static void awaitLakeReady(CausalityApp app) {
        S3LakeWarmup warmup = app.context().getRegistry().findSingleByType(S3LakeWarmup.class);
        await().atMost(WAIT).until(warmup::isReady);
    }

    private static EventEnvelope[] sameHour(int count, String prefix) {
        long now = System.currentTimeMillis();
        EventEnvelope[] events = new EventEnvelope[count];
        for (int i = 0; i < count; i++) {
            events[i] = Events.buttonTap("shop", "d").toBuilder().setId(prefix + "-" + i).setTimestampMs(now).build();
        }
        return events;
    }

    private static void post(CausalityApp app, EventEnvelope... events) {
        IngestEventBatchRequest request = IngestEventBatchRequest.newBuilder().addAllEvents(List.of(events)).build();
        var response = app.http().post("/v1/events/batch", PROTOBUF, request.toByteArray());
        assertEquals(200, response.status(), response.text());
    }
}
