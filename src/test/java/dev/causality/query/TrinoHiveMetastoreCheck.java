package dev.causality.query;

import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.HiveMetastoreServer;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.S3Server;
import dev.causality.testsupport.SqlRows;
import dev.causality.testsupport.TrinoServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TrinoLakeIT}'s flow on the production stack's metastore: real nats-server, s3proxy, Hive
 * Metastore 4.0.1 on PostgreSQL, Trino 476 and Causality, which creates the table and registers its
 * partitions through Trino, so they land in PostgreSQL. Named so that failsafe's default includes
 * leave it out: the Maven profile {@code hms} (which downloads the metastore) runs it,
 * {@code mvn verify -Phms}.
 */
class TrinoHiveMetastoreCheck {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final long MINUTE = TrinoLakeIT.MINUTE;
    /** The start of the UTC hour three hours ago, and of the next one: the two hours of the data set. */
    static final long H1 = TrinoLakeIT.H1;
    static final long H2 = TrinoLakeIT.H2;
    static final String BUCKET = "lake";

    static long started;
    static NatsServer nats;
    static S3Server s3;
    static HiveMetastoreServer hms;
    static TrinoServer trino;
    static CausalityApp app;
    static Connection sql;

    @BeforeAll
    static void start() throws Exception {
        started = System.nanoTime();
        nats = NatsServer.started();
        s3 = S3Server.started();
        // the bucket exists before the metastore needs it, as minio-init makes it in production
        s3.client().createBucket(b -> b.bucket(BUCKET));
        hms = HiveMetastoreServer.start(s3, BUCKET);
        System.out.printf("PostgreSQL ready in %d ms (%d kB RSS), schematool -initSchema %d ms, "
                        + "Hive Metastore ready in %d ms (%d kB RSS)%n",
                hms.postgresStartup().toMillis(), hms.postgresRssKb(), hms.schemaInit().toMillis(),
                hms.metastoreStartup().toMillis(), hms.metastoreRssKb());
        long trinoStarted = System.nanoTime();
        trino = TrinoServer.start(HiveMetastoreServer.trinoCatalog(hms, s3));
        System.out.printf("Trino ready in %d ms%n", (System.nanoTime() - trinoStarted) / 1_000_000);
        Map<String, String> settings = new HashMap<>(s3.settings(BUCKET));
        settings.put("batch.flush-interval", "1s");
        settings.put("trino.url", trino.url());
        app = CausalityApp.start(nats.url(), settings);
        TrinoLakeIT.postDataSet(app);
        sql = trino.connect();
        try {
            await("all events queryable in Trino").atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> count("SELECT count(*) FROM hive.causality.events") == TrinoLakeIT.EVENTS);
        } catch (ConditionTimeoutException e) {
            // the metastore's side of the story goes with its temp dir at close
            throw new AssertionError(e.getMessage() + "\n" + hms.log(), e);
        }
        System.out.printf("all events queryable %d ms after the start%n", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hms != null) {
            System.out.printf("at the end: PostgreSQL %d kB RSS (%d kB PSS), Hive Metastore %d kB RSS%n",
                    hms.postgresRssKb(), hms.postgresPssKb(), hms.metastoreRssKb());
        }
        if (sql != null) {
            sql.close();
        }
        for (AutoCloseable server : new AutoCloseable[] {app, trino, hms, s3, nats}) {
            if (server != null) {
                server.close();
            }
        }
        System.out.printf("whole check: %d ms%n", (System.nanoTime() - started) / 1_000_000);
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
        assertEquals(List.of(List.of(TrinoLakeIT.EVENTS, TrinoLakeIT.EVENTS)),
                rows("SELECT count(*), count(DISTINCT id) FROM hive.causality.events"), "no duplicates");
    }

    @Test
    void columnValuesComeBackAsSent() throws Exception {
        assertEquals(List.of(List.of("a1-buy", "a1", H1 + 3 * MINUTE, "commerce", "purchase_complete", "o-1", 3998L)),
                rows("SELECT id, device_id, timestamp_ms, event_category, event_type, "
                        + "json_extract_scalar(payload_json, '$.order_id'), "
                        + "CAST(json_extract_scalar(payload_json, '$.total_cents') AS BIGINT) "
                        + "FROM hive.causality.events WHERE id = 'a1-buy'"));
        assertEquals(List.of(Arrays.asList("ios", "17.4", 1179, false, null)),
                rows("SELECT platform, os_version, screen_width, is_emulator, idempotency_key "
                        + "FROM hive.causality.events WHERE id = 'a1-view'"));
    }

    @Test
    void theTableAndItsPartitionsAreInTheMetastoreOnPostgres() throws Exception {
        String ddl = rows("SHOW CREATE TABLE hive.causality.events").get(0).get(0).toString();
        assertTrue(ddl.contains("external_location = 's3://lake/events'"), ddl);
        assertTrue(ddl.contains("format = 'PARQUET'"), ddl);
        assertTrue(ddl.contains("partitioned_by = ARRAY['app_id','year','month','day','hour']"), ddl);
        assertEquals(4, rows("SELECT * FROM hive.causality.\"events$partitions\"").size());
        // what Trino sees is what the metastore stored in PostgreSQL
        // (schema causality: the upgrade check has a table of its own)
        assertEquals("events|EXTERNAL_TABLE", hms.query("SELECT t.\"TBL_NAME\", t.\"TBL_TYPE\" FROM \"TBLS\" t "
                + "JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\" WHERE d.\"NAME\" = 'causality'"));
        String partitions = hms.query("SELECT p.\"PART_NAME\" FROM \"PARTITIONS\" p JOIN \"TBLS\" t ON t.\"TBL_ID\" = p.\"TBL_ID\" "
                + "JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\" WHERE d.\"NAME\" = 'causality' ORDER BY 1");
        assertEquals(4, partitions.lines().count(), partitions);
        assertTrue(partitions.lines().allMatch(name -> name.matches(
                "app_id=(alpha|beta|gamma)/year=\\d{4}/month=\\d{1,2}/day=\\d{1,2}/hour=\\d{1,2}")), partitions);
    }

    @Test
    void aLakeAndTableOfThePreviousVersionGainTheNewColumnsInPlace() throws Exception {
        LakeUpgrade.check(trino, s3, sql);
    }

    static long count(String query) throws SQLException {
        return (Long) rows(query).get(0).get(0);
    }

    static List<List<Object>> rows(String query) throws SQLException {
        return SqlRows.of(sql, query);
    }
}
