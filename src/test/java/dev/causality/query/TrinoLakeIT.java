package dev.causality.query;

import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.S3Server;
import dev.causality.testsupport.SqlRows;
import dev.causality.testsupport.TrinoServer;
import io.trino.jdbc.TrinoResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What goes in over HTTP comes out of Trino, exactly: real nats-server, s3proxy, Trino 476 (Hive
 * connector on its file metastore) and Causality, which creates the table and registers partitions.
 */
class TrinoLakeIT {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final long MINUTE = 60_000L;
    /** The start of the UTC hour three hours ago, and of the next one: the two hours of the data set. */
    static final long H1 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS).toEpochMilli();
    static final long H2 = H1 + 60 * MINUTE;

    @TempDir
    static Path metastore;
    static NatsServer nats;
    static S3Server s3;
    static TrinoServer trino;
    static CausalityApp app;
    static Connection sql;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.started();
        s3 = S3Server.started();
        trino = TrinoServer.start(TrinoServer.fileMetastoreOverS3(s3, metastore));
        Map<String, String> settings = new HashMap<>(s3.settings("lake"));
        settings.put("batch.flush-interval", "1s");
        settings.put("trino.url", trino.url());
        app = CausalityApp.start(nats.url(), settings);
        postDataSet(app);
        sql = trino.connect();
        await("all events queryable in Trino").atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("SELECT count(*) FROM hive.causality.events") == EVENTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sql != null) {
            sql.close();
        }
        for (AutoCloseable server : new AutoCloseable[] {app, trino, s3, nats}) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The events of {@link #postDataSet}. */
    static final long EVENTS = 13;

    /**
     * Three apps over two hours; device a1 goes through the whole funnel, a2 stops at the cart; a4's
     * clock was two days ahead when it viewed (sent with its send time, so corrected), right again
     * when it added to the cart a minute later: by its raw timestamps, the cart came first.
     */
    static void postDataSet(CausalityApp app) {
        post(app, dataSet());
        long deviceClock = System.currentTimeMillis() + 2 * 86_400_000L;
        EventEnvelope view = at(Events.screenView("alpha", "a4", "checkout"), "a4-view", H1 + 10 * MINUTE + 2 * 86_400_000L);
        var response = app.http().post("/v1/events/batch", "application/x-protobuf",
                IngestEventBatchRequest.newBuilder().addEvents(view).setSentAtMs(deviceClock).build().toByteArray());
        assertEquals(200, response.status(), response.text());
        assertTrue(response.text().contains("accepted"), response.text());
    }

    static List<EventEnvelope> dataSet() {
        List<EventEnvelope> events = new ArrayList<>();
        events.add(at(Events.screenView("alpha", "a1", "home"), "a1-view", H1 + MINUTE));
        events.add(at(Events.addToCart("alpha", "a1"), "a1-cart", H1 + 2 * MINUTE));
        events.add(at(Events.purchase("alpha", "a1"), "a1-buy", H1 + 3 * MINUTE));
        events.add(at(Events.screenView("alpha", "a2", "home"), "a2-view", H1 + MINUTE));
        events.add(at(Events.addToCart("alpha", "a2"), "a2-cart", H1 + 2 * MINUTE));
        events.add(at(Events.screenView("alpha", "a3", "product"), "a3-view", H1 + 5 * MINUTE));
        events.add(at(Events.addToCart("alpha", "a4"), "a4-cart", H1 + 11 * MINUTE));
        events.add(at(Events.screenView("alpha", "a1", "home"), "a1-view-2", H2 + MINUTE));
        events.add(at(Events.custom("alpha", "a1", "level_up"), "a1-custom", H2 + 2 * MINUTE));
        events.add(at(Events.screenView("beta", "b1", "home"), "b1-view", H1 + MINUTE));
        events.add(at(Events.purchase("beta", "b1"), "b1-buy", H1 + 4 * MINUTE));
        events.add(at(Events.buttonTap("gamma", "g1"), "g1-tap", H2 + MINUTE));
        return events;
    }

    @Test
    void countsPerAppAndHourAreExact() throws Exception {
        int h1 = Instant.ofEpochMilli(H1).atZone(ZoneOffset.UTC).getHour();
        int h2 = Instant.ofEpochMilli(H2).atZone(ZoneOffset.UTC).getHour();
        assertEquals(List.of(
                        List.of("alpha", h1, 8L), List.of("alpha", h2, 2L),
                        List.of("beta", h1, 2L), List.of("gamma", h2, 1L)),
                rows("SELECT app_id, hour, count(*) FROM hive.causality.events GROUP BY app_id, hour "
                        + "ORDER BY app_id, min(timestamp_ms)")); // by time: H1 may be 23 and H2 0, across midnight
        assertEquals(List.of(List.of(EVENTS, EVENTS)),
                rows("SELECT count(*), count(DISTINCT id) FROM hive.causality.events"), "no duplicates");
    }

    @Test
    void columnValuesComeBackAsSent() throws Exception {
        assertEquals(List.of(List.of("a1-buy", "a1", H1 + 3 * MINUTE, "commerce", "purchase_complete", "o-1", 3998L,
                        "EUR", "sku-1")),
                rows("SELECT id, device_id, timestamp_ms, event_category, event_type, "
                        + "json_extract_scalar(payload_json, '$.order_id'), "
                        + "CAST(json_extract_scalar(payload_json, '$.total_cents') AS BIGINT), "
                        + "json_extract_scalar(payload_json, '$.currency'), "
                        + "json_extract_scalar(payload_json, '$.items[0].product_id') "
                        + "FROM hive.causality.events WHERE id = 'a1-buy'"));
        assertEquals(List.of(Arrays.asList("ios", "17.4", "2.3.1", "231", "iPhone15,2", "Apple", 1179, 2556, "en_GB",
                        "Europe/London", "wifi", "EE", false, false, "1.4.0", null, null)),
                rows("SELECT platform, os_version, app_version, build_number, device_model, manufacturer, "
                        + "screen_width, screen_height, locale, timezone, network_type, carrier, is_jailbroken, "
                        + "is_emulator, sdk_version, correlation_id, idempotency_key "
                        + "FROM hive.causality.events WHERE id = 'a1-view'"));
        assertEquals(List.of(Arrays.asList(null, null, null)),
                rows("SELECT platform, screen_width, is_emulator FROM hive.causality.events WHERE id = 'a1-buy'"),
                "no device context: nulls");
        assertEquals(List.of(List.of("home", "home")),
                rows("SELECT json_extract_scalar(payload_json, '$.screen_name'), "
                        + "json_extract_scalar(payload_json, '$.params.tab') FROM hive.causality.events WHERE id = 'b1-view'"));
        assertEquals(List.of(List.of("custom", "level_up", "3")),
                rows("SELECT event_category, event_type, json_extract_scalar(payload_json, '$.int_params.level') "
                        + "FROM hive.causality.events WHERE id = 'a1-custom'"));
        List<List<Object>> received = rows("SELECT count(*) FROM hive.causality.events "
                + "WHERE received_at_ms >= event_time_ms AND received_at_ms > " + (H2 + 60 * MINUTE - 1));
        assertEquals(List.of(List.of(EVENTS)), received, "received_at_ms is the (later) server receive time");
        assertEquals(List.of(List.of(EVENTS - 1)), rows("SELECT count(*) FROM hive.causality.events "
                + "WHERE event_time_ms = timestamp_ms AND sent_at_ms IS NULL"), "no send time: nothing to correct");
        List<Object> corrected = rows("SELECT timestamp_ms, sent_at_ms, event_time_ms - received_at_ms + sent_at_ms "
                + "FROM hive.causality.events WHERE id = 'a4-view'").get(0);
        assertEquals(corrected.get(0), corrected.get(2), "event_time_ms = timestamp_ms + received_at_ms - sent_at_ms");
        assertTrue((Long) corrected.get(1) > System.currentTimeMillis() + 86_400_000L, "the device's clock: " + corrected);
    }

    @Test
    void aPartitionFilterPrunesTheScan() throws Exception {
        assertEquals(EVENTS, processedRows("SELECT count(*) FROM hive.causality.events WHERE device_id <> ''"));
        assertEquals(2, processedRows("SELECT count(*) FROM hive.causality.events WHERE app_id = 'beta' AND device_id <> ''"),
                "only the files of partition app_id=beta are read");
        int h2 = Instant.ofEpochMilli(H2).atZone(ZoneOffset.UTC).getHour();
        assertEquals(3, processedRows("SELECT count(*) FROM hive.causality.events WHERE hour = " + h2
                + " AND device_id <> ''"), "only the files of the hour's partitions are read");
    }

    @Test
    void theTableIsExternalParquetPartitionedLikeTheContract() throws Exception {
        String ddl = rows("SHOW CREATE TABLE hive.causality.events").get(0).get(0).toString();
        assertTrue(ddl.contains("external_location = 's3://lake/events'"), ddl);
        assertTrue(ddl.contains("format = 'PARQUET'"), ddl);
        assertTrue(ddl.contains("partitioned_by = ARRAY['app_id','year','month','day','hour']"), ddl);
        assertEquals(4, rows("SELECT * FROM hive.causality.\"events$partitions\"").size());
    }

    @Test
    void exampleQueriesReturnTheExpectedRows() throws Exception {
        java.time.LocalDate day1 = Instant.ofEpochMilli(H1).atZone(ZoneOffset.UTC).toLocalDate();
        java.time.LocalDate day2 = Instant.ofEpochMilli(H2).atZone(ZoneOffset.UTC).toLocalDate();

        List<List<Object>> perType = rows(example("events_per_type_per_hour.sql"));
        assertEquals(EVENTS, perType.stream().mapToLong(r -> (Long) r.get(4)).sum(), perType.toString());
        assertEquals(8, perType.size(), "one row per app, hour, category and type: " + perType);
        assertTrue(perType.stream().anyMatch(r -> r.get(0).equals("alpha") && r.get(3).equals("add_to_cart")
                && r.get(4).equals(3L)), perType.toString());

        List<List<Object>> funnel = rows(example("funnel_view_cart_purchase.sql"));
        List<Object> alpha = funnel.stream().filter(r -> r.get(0).equals("alpha") && r.get(1).toString().equals(day1.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(funnel.toString()));
        assertEquals(List.of(4L, 3L, 1L), alpha.subList(2, 5),
                "a1, a2, a3, a4 viewed; a1, a2 and a4 (by its corrected time) added; a1 bought: " + funnel);
        List<Object> beta = funnel.stream().filter(r -> r.get(0).equals("beta")).findFirst().orElseThrow();
        assertEquals(List.of(1L, 0L, 0L), beta.subList(2, 5), "b1 bought without a cart: not a funnel conversion");

        List<List<Object>> active = rows(example("daily_active_devices.sql"));
        assertTrue(active.stream().anyMatch(r -> r.get(0).equals("alpha") && r.get(1).toString().equals(day1.toString())
                && r.get(2).equals(4L)), active.toString());
        assertTrue(active.stream().anyMatch(r -> r.get(0).equals("gamma") && r.get(1).toString().equals(day2.toString())
                && r.get(2).equals(1L)), active.toString());

        List<List<Object>> payload = rows(example("payload_fields.sql"));
        assertTrue(payload.contains(List.of("alpha", "revenue", "EUR", 39.98, 1L)), payload.toString());
        assertTrue(payload.contains(List.of("beta", "revenue", "EUR", 39.98, 1L)), payload.toString());
        assertTrue(payload.contains(List.of("alpha", "screen_views", "home", 3.0, 3L)), payload.toString());
        assertTrue(payload.contains(List.of("alpha", "screen_views", "product", 1.0, 1L)), payload.toString());
    }

    @Test
    void aLakeAndTableOfThePreviousVersionGainTheNewColumnsInPlace() throws Exception {
        LakeUpgrade.check(trino, s3, sql);
    }

    /** An example query of sql/, as a Redash user runs it. */
    static String example(String file) throws java.io.IOException {
        return java.nio.file.Files.readString(Path.of("sql", file)).strip();
    }

    /** The rows the query read from the lake, from Trino's final query statistics. */
    static long processedRows(String query) throws SQLException {
        try (Statement statement = sql.createStatement(); ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                result.getObject(1);
            }
            return result.unwrap(TrinoResultSet.class).getStats().getProcessedRows();
        }
    }

    static long count(String query) throws SQLException {
        return (Long) rows(query).get(0).get(0);
    }

    static List<List<Object>> rows(String query) throws SQLException {
        return SqlRows.of(sql, query);
    }

    private static EventEnvelope at(EventEnvelope event, String id, long timestampMs) {
        return event.toBuilder().setId(id).setTimestampMs(timestampMs).build();
    }

    static void post(CausalityApp app, List<EventEnvelope> events) {
        var response = app.http().post("/v1/events/batch", "application/x-protobuf",
                IngestEventBatchRequest.newBuilder().addAllEvents(events).build().toByteArray());
        assertEquals(200, response.status(), response.text());
    }
}
