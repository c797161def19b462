package dev.causality.batch;

import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.testsupport.CausalityProcess;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.S3Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink as separate processes of the fat jar: killed mid-batch, and two instances on one consumer. */
class SinkResilienceIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void sinkKilledAfterConsumingBeforeUploadingLosesNothing() throws Exception {
        try (NatsServer nats = NatsServer.started(); S3Server s3 = S3Server.started()) {
            Map<String, String> env = environment(nats, s3, "crash");
            env.put("BATCH_FLUSH_INTERVAL", "1h"); // hold everything: nothing is written before the kill
            env.put("SINK_ACK_WAIT", "3s");
            CausalityProcess first = CausalityProcess.start(env);
            Set<String> sent = post(first, "crash", 50);
            await("the sink holds every event unacked").atMost(WAIT)
                    .ignoreExceptionsInstanceOf(io.nats.client.JetStreamApiException.class) // consumer not created yet
                    .until(() ->
                    nats.management().getConsumerInfo("EVENTS", "warehouse-sink").getNumAckPending() == 50);
            first.kill();
            assertEquals(Map.of(), s3.objects("crash"), "nothing was uploaded before the crash");

            env.put("BATCH_FLUSH_INTERVAL", "1s");
            try (CausalityProcess second = CausalityProcess.start(env)) {
                await("the restarted sink writes every accepted event").atMost(WAIT)
                        .until(() -> new TreeSet<>(LakeRows.of(s3.objects("crash")).ids()).equals(sent));
            }
        }
    }

    @Test
    void twoSinkInstancesShareTheConsumerAndWriteEachEventOnce() throws Exception {
        try (NatsServer nats = NatsServer.started(); S3Server s3 = S3Server.started()) {
            Map<String, String> collector = environment(nats, s3, "shared");
            collector.put("SINK_ENABLED", "false");
            Map<String, String> sink = environment(nats, s3, "shared");
            sink.put("COLLECTOR_ENABLED", "false");
            sink.put("BATCH_MAX_EVENTS", "50");
            sink.put("SINK_MAX_IN_FLIGHT", "100");
            sink.put("SINK_FETCH_BATCH", "25");
            try (CausalityProcess api = CausalityProcess.start(collector);
                 CausalityProcess sinkA = CausalityProcess.start(sink);
                 CausalityProcess sinkB = CausalityProcess.start(sink)) {
                Set<String> sent = new TreeSet<>();
                for (int round = 0; round < 10; round++) {
                    sent.addAll(post(api, "shared-" + round, 100));
                }
                await().atMost(WAIT).until(() -> LakeRows.of(s3.objects("shared")).ids().size() >= 1000);
                List<String> written = LakeRows.of(s3.objects("shared")).ids();
                assertEquals(1000, written.size(), "each event written once");
                assertEquals(sent, new TreeSet<>(written));
                assertTrue(sinkA.metric("causality_sink_rows_written_total") > 0, "instance A wrote");
                assertTrue(sinkB.metric("causality_sink_rows_written_total") > 0, "instance B wrote");
                assertEquals(0, api.metric("causality_sink_rows_written_total"), "the collector-only process runs no sink");
                assertEquals(404, sinkA.http().post("/v1/events/batch", "application/x-protobuf", new byte[] {1}).status(),
                        "the sink-only process serves no ingest API");
            }
        }
    }

    private static Map<String, String> environment(NatsServer nats, S3Server s3, String bucket) {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_URL", nats.url());
        s3.settings(bucket).forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        env.put("BATCH_FLUSH_INTERVAL", "1s");
        return env;
    }

    private static Set<String> post(CausalityProcess app, String prefix, int count) {
        long now = System.currentTimeMillis();
        List<EventEnvelope> events = IntStream.range(0, count)
                .mapToObj(i -> Events.buttonTap("shop", "d" + i).toBuilder().setId(prefix + "-" + i).setTimestampMs(now).build())
                .toList();
        var response = app.http().post("/v1/events/batch", "application/x-protobuf",
                IngestEventBatchRequest.newBuilder().addAllEvents(events).build().toByteArray());
        assertEquals(200, response.status(), response.text());
        return events.stream().map(EventEnvelope::getId).collect(Collectors.toCollection(TreeSet::new));
    }
}
