package dev.causality.query;

import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.S3Server;
import dev.causality.testsupport.SqlRows;
import dev.causality.testsupport.TrinoServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upgrade path, on whatever metastore the Trino it is given uses: a lake and a table as the
 * previous version left them (lake schema 1: its Parquet columns, its CREATE TABLE, its
 * registered partition), then this version started on them. Trino must read the old and the new
 * rows together, the new columns null in the old rows, nothing rewritten.
 */
final class LakeUpgrade {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final String BUCKET = "upgraded";
    static final String SCHEMA = "upgraded";

    /** The previous version's Parquet schema, as its EventSchema declared it. */
    static final Schema VERSION_1 = SchemaBuilder.record("Event").namespace("dev.causality.lake").fields()
            .requiredString("id").requiredString("device_id").requiredLong("timestamp_ms")
            .requiredString("event_category").requiredString("event_type").optionalString("platform")
            .optionalString("os_version").optionalString("app_version").requiredString("payload_json")
            .optionalString("correlation_id").optionalString("idempotency_key").optionalString("build_number")
            .optionalString("device_model").optionalString("manufacturer").optionalInt("screen_width")
            .optionalInt("screen_height").optionalString("locale").optionalString("timezone")
            .optionalString("network_type").optionalString("carrier").optionalBoolean("is_jailbroken")
            .optionalBoolean("is_emulator").optionalString("sdk_version").requiredLong("received_at_ms")
            .endRecord();

    /** The previous version's CREATE TABLE, as its EventsTable wrote it. */
    static String version1Table(String location) {
        return "CREATE TABLE IF NOT EXISTS hive." + SCHEMA + ".events (id VARCHAR, device_id VARCHAR, "
                + "timestamp_ms BIGINT, event_category VARCHAR, event_type VARCHAR, platform VARCHAR, "
                + "os_version VARCHAR, app_version VARCHAR, payload_json VARCHAR, correlation_id VARCHAR, "
                + "idempotency_key VARCHAR, build_number VARCHAR, device_model VARCHAR, manufacturer VARCHAR, "
                + "screen_width INTEGER, screen_height INTEGER, locale VARCHAR, timezone VARCHAR, "
                + "network_type VARCHAR, carrier VARCHAR, is_jailbroken BOOLEAN, is_emulator BOOLEAN, "
                + "sdk_version VARCHAR, received_at_ms BIGINT, app_id VARCHAR, year INTEGER, month INTEGER, "
                + "day INTEGER, hour INTEGER) WITH (external_location = '" + location + "', format = 'PARQUET', "
                + "partitioned_by = ARRAY['app_id', 'year', 'month', 'day', 'hour'])";
    }

    private LakeUpgrade() {
    }

    /** Runs the whole upgrade against this Trino and S3, with a NATS and an app of its own, and checks it. */
    static void check(TrinoServer trino, S3Server s3, Connection sql) throws Exception {
        long hour = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() / 3_600_000L * 3_600_000L;
        s3.client().createBucket(b -> b.bucket(BUCKET));
        s3.put(BUCKET, "events/" + partition("old", hour) + "/0190a2c4-7000-7000-8000-000000000001.parquet",
                version1File(hour));
        // the previous version at work: its table, its partition, queried
        execute(sql, "CREATE SCHEMA IF NOT EXISTS hive." + SCHEMA);
        execute(sql, version1Table("s3://" + BUCKET + "/events"));
        execute(sql, "CALL hive.system.sync_partition_metadata('" + SCHEMA + "', 'events', 'ADD')");
        assertEquals(List.of(List.of(2L)), SqlRows.of(sql, "SELECT count(*) FROM hive." + SCHEMA + ".events"));

        try (NatsServer nats = NatsServer.started()) {
            Map<String, String> settings = new HashMap<>(s3.settings(BUCKET));
            settings.put("batch.flush-interval", "1s");
            settings.put("trino.url", trino.url());
            settings.put("trino.schema", SCHEMA);
            try (CausalityApp app = CausalityApp.start(nats.url(), settings)) {
                long deviceClock = System.currentTimeMillis() - 3 * 86_400_000L;
                post(app, deviceClock, Events.buttonTap("new", "d-new").toBuilder().setId("new-corrected")
                        .setTimestampMs(deviceClock - 60_000).build());
                post(app, 0, Events.buttonTap("new", "d-new").toBuilder().setId("new-plain")
                        .setTimestampMs(hour + 60_000).build());
                await("old and new rows in Trino").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> SqlRows.of(sql, "SELECT count(*) FROM hive." + SCHEMA + ".events").equals(
                                List.of(List.of(4L))));
            }
        }
        List<List<Object>> rows = SqlRows.of(sql, "SELECT id, app_id, timestamp_ms, event_time_ms, sent_at_ms, "
                + "coalesce(event_time_ms, timestamp_ms) FROM hive." + SCHEMA + ".events ORDER BY id");
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(Arrays.asList("new-corrected", "new"), rows.get(0).subList(0, 2));
        assertEquals(Arrays.asList("new-plain", "new", hour + 60_000, hour + 60_000, null, hour + 60_000),
                rows.get(1), "a new row without a send time: its timestamp is its event time");
        assertEquals(Arrays.asList("old-1", "old", hour + 1_000, null, null, hour + 1_000), rows.get(2),
                "an old row: the new columns are null");
        assertEquals(Arrays.asList("old-2", "old", hour + 2_000, null, null, hour + 2_000), rows.get(3));
        long correctedSentAt = (Long) rows.get(0).get(4);
        assertEquals(correctedSentAt - 60_000, rows.get(0).get(2), "the device's own timestamp is kept");
        long eventTime = (Long) rows.get(0).get(3);
        assertTrue(eventTime > System.currentTimeMillis() - 3_600_000L, "corrected to the last minutes: " + rows.get(0));

        // the columns were appended to the table in place, before the partition columns
        List<Object> columns = SqlRows.of(sql, "SELECT column_name FROM hive.information_schema.columns WHERE "
                + "table_schema = '" + SCHEMA + "' AND table_name = 'events' ORDER BY ordinal_position")
                .stream().map(r -> r.get(0)).toList();
        assertEquals(List.of("received_at_ms", "event_time_ms", "sent_at_ms", "app_id", "year", "month", "day", "hour"),
                columns.subList(columns.size() - 8, columns.size()), columns.toString());
        // the old file is as it was: nothing rewritten
        assertEquals(List.of("events/" + partition("old", hour) + "/0190a2c4-7000-7000-8000-000000000001.parquet"),
                s3.objects(BUCKET).keySet().stream().filter(k -> k.contains("app_id=old/")).toList());
    }

    /** A file the previous version's sink would have written: two rows of lake schema 1. */
    static byte[] version1File(long hour) throws IOException {
        Path file = Files.createTempFile("causality-v1-", ".parquet");
        Files.delete(file);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(VERSION_1).withConf(new Configuration(false))
                .withCompressionCodec(CompressionCodecName.ZSTD).build()) {
            for (int i = 1; i <= 2; i++) {
                GenericRecord row = new GenericData.Record(VERSION_1);
                row.put("id", "old-" + i);
                row.put("device_id", "d-old");
                row.put("timestamp_ms", hour + i * 1_000L);
                row.put("event_category", "interaction");
                row.put("event_type", "button_tap");
                row.put("payload_json", "{\"button_id\":\"buy\"}");
                row.put("received_at_ms", hour + i * 1_000L + 500);
                writer.write(row);
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    static String partition(String app, long timeMs) {
        ZonedDateTime time = Instant.ofEpochMilli(timeMs).atZone(ZoneOffset.UTC);
        return "app_id=" + app + "/year=" + time.getYear() + "/month=" + time.getMonthValue() + "/day="
                + time.getDayOfMonth() + "/hour=" + time.getHour();
    }

    private static void execute(Connection sql, String statement) throws SQLException {
        try (var s = sql.createStatement()) {
            s.execute(statement);
        }
    }

    private static void post(CausalityApp app, long sentAtMs, EventEnvelope event) {
        var response = app.http().post("/v1/events/batch", "application/x-protobuf",
                IngestEventBatchRequest.newBuilder().addEvents(event).setSentAtMs(sentAtMs).build().toByteArray());
        assertEquals(200, response.status(), response.text());
    }
}
