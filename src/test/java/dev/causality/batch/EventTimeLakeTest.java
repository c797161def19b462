package dev.causality.batch;

import dev.causality.jetstream.DeadLetters;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.S3Server;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device clocks against the lake's partitions, end to end over real nats-server and s3proxy: the
 * client's send time corrects a wrong clock, and an event time out of the bound is filed under its
 * arrival hour, so no device scatters the lake.
 */
class EventTimeLakeTest {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

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

    @Test
    void aDeviceThreeDaysBehindThatSendsItsSendTimeLandsInTheHourItsEventHappened() throws Exception {
        long deviceClock = System.currentTimeMillis() - 3 * DAY;
        EventEnvelope tap = Events.buttonTap("clock", "behind").toBuilder().setId("corrected")
                .setTimestampMs(deviceClock - 10 * MINUTE).build();
        // the same device without a send time: three days ago is inside the bound, so there it stays
        EventEnvelope uncorrected = Events.buttonTap("clock", "behind").toBuilder().setId("uncorrected")
                .setTimestampMs(deviceClock - 10 * MINUTE).build();
        try (CausalityApp app = app("behind")) {
            post(app, deviceClock, tap);
            post(app, 0, uncorrected);
            Map<String, Row> rows = awaitRows("behind", 2);

            Row corrected = rows.get("corrected");
            long received = (Long) corrected.record.get("received_at_ms");
            assertEquals(received - 10 * MINUTE, corrected.record.get("event_time_ms"));
            assertEquals(deviceClock, corrected.record.get("sent_at_ms"));
            assertEquals(deviceClock - 10 * MINUTE, corrected.record.get("timestamp_ms"), "the device's own time is kept");
            assertEquals(partition("clock", received - 10 * MINUTE), corrected.partition);

            Row raw = rows.get("uncorrected");
            assertEquals(deviceClock - 10 * MINUTE, raw.record.get("event_time_ms"));
            assertNull(raw.record.get("sent_at_ms"));
            assertEquals(partition("clock", deviceClock - 10 * MINUTE), raw.partition);
        }
    }

    @Test
    void aClockResetTo1970WithoutSendTimeLandsInItsArrivalHour() throws Exception {
        EventEnvelope reset = Events.screenView("clock", "reset", "home").toBuilder().setId("reset")
                .setTimestampMs(5_000).build();
        try (CausalityApp app = app("epoch")) {
            post(app, 0, reset);
            Row row = awaitRows("epoch", 1).get("reset");
            long received = (Long) row.record.get("received_at_ms");
            assertEquals(5_000L, row.record.get("timestamp_ms"));
            assertEquals(5_000L, row.record.get("event_time_ms"), "the event time is what the device said");
            assertEquals(partition("clock", received), row.partition, "filed under its arrival hour, not year=1970");
        }
    }

    @Test
    void fiveThousandEventsOverFiveYearsMakeAHandfulOfPartitions() throws Exception {
        long now = System.currentTimeMillis();
        Random random = new Random(14);
        List<EventEnvelope> events = new ArrayList<>();
        Set<String> inBound = new TreeSet<>();
        for (int i = 0; i < 5_000; i++) {
            long timestamp = i % 20 == 0
                    ? 1 + random.nextInt((int) DAY) // 5 %: a clock reset to 1970
                    : now - (long) (random.nextDouble() * 5 * 365 * DAY);
            // safely inside the 7 d bound whatever the receive time: its own hour
            if (timestamp > now - 7 * DAY + HOUR) {
                inBound.add(partition("probe", timestamp));
            }
            events.add(Events.buttonTap("probe", "device-" + (i % 250)).toBuilder().setId("p-" + i)
                    .setTimestampMs(timestamp).build());
        }
        try (CausalityApp app = app("probe")) {
            for (int from = 0; from < events.size(); from += 1000) {
                post(app, 0, events.subList(from, from + 1000).toArray(EventEnvelope[]::new));
            }
            Map<String, Row> rows = awaitRows("probe", 5_000);
            Set<String> partitions = new TreeSet<>();
            Set<String> arrival = new TreeSet<>();
            rows.values().forEach(row -> {
                partitions.add(row.partition);
                long received = (Long) row.record.get("received_at_ms");
                if ((Long) row.record.get("event_time_ms") < received - 7 * DAY) {
                    arrival.add(row.partition);
                    assertEquals(partition("probe", received), row.partition, "out of the bound: its arrival hour");
                }
            });
            Set<String> expected = new TreeSet<>(inBound);
            expected.addAll(arrival);
            assertEquals(expected, partitions, "the hours of the last 7 days' events and the arrival hours, no others");
            assertTrue(arrival.size() <= 2, "one arrival hour, two across an hour's end: " + arrival);
            assertTrue(partitions.stream().noneMatch(p -> p.contains("year=1970")), partitions.toString());
            System.out.printf("probe: 5000 events over five years (5%% at 1970) -> %d partitions (%d of them arrival "
                    + "hours), %d files%n", partitions.size(), arrival.size(), LakeRows.of(s3.objects("probe")).files().size());
        }
    }

    @Test
    void fiftyDevicesWithClocksScatteredOverFiveYearsThatSendTheirSendTimeLandInTheCurrentHour() throws Exception {
        long now = System.currentTimeMillis();
        Random random = new Random(41);
        try (CausalityApp app = app("skewed")) {
            for (int device = 0; device < 50; device++) {
                // each device's clock is off by up to five years either way; some are reset to 1970
                long clock = device % 20 == 0 ? HOUR + random.nextInt((int) DAY)
                        : now + (long) ((random.nextDouble() * 2 - 1) * 5 * 365 * DAY);
                List<EventEnvelope> events = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    // the last ten minutes of the device's life, by its clock
                    events.add(Events.buttonTap("skewed", "device-" + device).toBuilder().setId("s-" + device + "-" + i)
                            .setTimestampMs(clock - random.nextInt((int) (10 * MINUTE))).build());
                }
                post(app, clock, events.toArray(EventEnvelope[]::new));
            }
            Map<String, Row> rows = awaitRows("skewed", 5_000);
            Set<String> partitions = new TreeSet<>();
            rows.values().forEach(row -> {
                partitions.add(row.partition);
                long received = (Long) row.record.get("received_at_ms");
                long eventTime = (Long) row.record.get("event_time_ms");
                assertTrue(eventTime <= received && eventTime >= received - 10 * MINUTE, row.toString());
                assertEquals(partition("skewed", eventTime), row.partition);
            });
            assertTrue(partitions.size() <= 3, "the last ten minutes span at most two hours, three across a slow run: "
                    + partitions);
            System.out.printf("skewed: 50 devices, clocks over +-5 years, with sent_at_ms -> %d partitions%n",
                    partitions.size());
        }
    }

    /** A row of the lake and the partition path its file is under. */
    record Row(String partition, GenericRecord record) {
    }

    static Map<String, Row> awaitRows(String bucket, int count) {
        Map<String, Row> rows = new HashMap<>();
        await("rows in the lake").atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            rows.clear();
            LakeRows.of(s3.objects(bucket)).files().forEach((key, file) -> {
                String partition = key.substring("events/".length(), key.lastIndexOf('/'));
                dev.causality.testsupport.ParquetFiles.read(file)
                        .forEach(record -> rows.put(record.get("id").toString(), new Row(partition, record)));
            });
            return rows.size() >= count;
        });
        assertEquals(count, rows.size());
        return rows;
    }

    /** The partition path of this time, computed here on its own, as the contract words it. */
    static String partition(String app, long timeMs) {
        ZonedDateTime time = Instant.ofEpochMilli(timeMs).atZone(ZoneOffset.UTC);
        return "app_id=" + app + "/year=" + time.getYear() + "/month=" + time.getMonthValue() + "/day="
                + time.getDayOfMonth() + "/hour=" + time.getHour();
    }

    /** A fresh stream, consumer and bucket per test; ready (NATS connected) before it is posted to. */
    static CausalityApp app(String bucket) {
        for (String stream : List.of("EVENTS", DeadLetters.STREAM)) {
            try {
                nats.management().deleteStream(stream);
            } catch (Exception e) {
                // first test: nothing to delete
            }
        }
        Map<String, String> settings = new HashMap<>(s3.settings(bucket));
        settings.put("batch.flush-interval", "1s");
        CausalityApp app = CausalityApp.start(nats.url(), settings);
        await("Causality ready").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> app.http().get("/ready").status() == 200);
        return app;
    }

    static void post(CausalityApp app, long sentAtMs, EventEnvelope... events) {
        IngestEventBatchRequest request = IngestEventBatchRequest.newBuilder().addAllEvents(List.of(events))
                .setSentAtMs(sentAtMs).build();
        var response = app.http().post("/v1/events/batch", "application/x-protobuf", request.toByteArray());
        assertEquals(200, response.status(), response.text());
    }
}
