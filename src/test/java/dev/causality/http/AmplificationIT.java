package dev.causality.http;

import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.testsupport.CausalityProcess;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few kilobytes must not take the heap: the two inflate-amplified batches of issue 9 (a gzip JSON
 * array of 1.5 million {@code {}}, and gzip protobuf of 2.5 million empty envelopes), eight of each
 * at once against the packaged jar on bin/run's heap.
 */
class AmplificationIT {

    static final List<String> BIN_RUN_HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC");
    static final long ANSWER_WITHIN_MS = 1000;
    static final long MAX_RSS_GROWTH = 64L * 1024 * 1024;

    @Test
    void amplifiedBodiesAreRefusedQuicklyWithoutTakingTheHeap() throws Exception {
        byte[] json = gzip(("{\"events\":[" + "{},".repeat(1_499_999) + "{}]}").getBytes(StandardCharsets.UTF_8));
        byte[] protobuf = gzip(emptyEnvelopes(2_500_000));
        assertTrue(json.length < 10_000 && protobuf.length < 10_000, json.length + " / " + protobuf.length);

        try (NatsServer nats = NatsServer.started();
             CausalityProcess app = CausalityProcess.start(Map.of("NATS_URL", nats.url()), BIN_RUN_HEAP)) {
            HttpTestClient http = app.http();
            byte[] event = IngestEventRequest.newBuilder().setEvent(Events.buttonTap("shop", "d")).build().toByteArray();
            for (int i = 0; i < 50; i++) { // the JIT and the pools warm, as in a running collector
                assertEquals(200, http.post("/v1/events/ingest", "application/x-protobuf", event).status());
            }
            long rssBefore = rss(app.process().pid());

            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<CompletableFuture<long[]>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    answers.add(timed(clients, () -> http.post("/v1/events/batch", "application/json", json,
                            "Content-Encoding", "gzip")));
                    answers.add(timed(clients, () -> http.post("/v1/events/batch", "application/x-protobuf", protobuf,
                            "Content-Encoding", "gzip")));
                }
                for (CompletableFuture<long[]> answer : answers) {
                    long[] statusAndMillis = answer.get(60, TimeUnit.SECONDS);
                    assertTrue(statusAndMillis[0] >= 400 && statusAndMillis[0] < 500, "status " + statusAndMillis[0]);
                    assertTrue(statusAndMillis[1] <= ANSWER_WITHIN_MS, "answered in " + statusAndMillis[1] + " ms");
                }
            } finally {
                clients.shutdownNow();
            }

            long growth = rss(app.process().pid()) - rssBefore;
            assertTrue(growth < MAX_RSS_GROWTH, "RSS grew by " + growth / (1024 * 1024) + " MB");
            assertEquals(200, http.post("/v1/events/ingest", "application/x-protobuf", event).status(), "ingest goes on");
            assertFalse(app.output().contains("OutOfMemoryError"), app.output());
            assertEquals(51, nats.messageCount("EVENTS"), "nothing of the refused batches is stored");
        }
    }

    private static CompletableFuture<long[]> timed(ExecutorService clients, java.util.function.Supplier<Response> call) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            Response response = call.get();
            return new long[] {response.status(), (System.nanoTime() - started) / 1_000_000};
        }, clients);
    }

    /** IngestEventBatchRequest with n empty events: field 1, length 0, n times. */
    private static byte[] emptyEnvelopes(int n) {
        byte[] body = new byte[2 * n];
        for (int i = 0; i < body.length; i += 2) {
            body[i] = 0x0A;
        }
        return body;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for process " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
