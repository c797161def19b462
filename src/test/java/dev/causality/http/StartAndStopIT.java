package dev.causality.http;

import dev.causality.testsupport.CausalityProcess;
import dev.causality.testsupport.FreePorts;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.RawHttp;
import dev.causality.testsupport.RawHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector's start and stop as a load balancer and a strict client see them, on the packaged
 * jar: from the first connection its port accepts to its exit, an API path answers for real or
 * with a JSON 503 + Retry-After (never Vert.x's HTML 404); on SIGTERM what is in flight is answered.
 */
class StartAndStopIT {

    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static NatsServer nats;

    @BeforeAll
    static void startNats() {
        nats = NatsServer.started();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    private static Map<String, String> collector(String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("NATS_URL", nats.url(), "SINK_ENABLED", "false",
                "LOG_ACTIVITY_INTERVAL", "0"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void startUpHammeredFromTheFirstInstantThePortOpensAnswersOnly200OrJson503() throws Exception {
        int port = FreePorts.next();
        byte[] event = "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d1\",\"screenView\":{\"screenName\":\"home\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] batch = "{\"events\":[{\"appId\":\"shop\",\"deviceId\":\"d1\",\"screenView\":{\"screenName\":\"home\"}}]}"
                .getBytes(StandardCharsets.UTF_8);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        // the clients run before the process exists, and connect as soon as the port accepts
        for (int c = 0; c < 3; c++) {
            String path = c == 0 ? "/v1/events/ingest" : c == 1 ? "/v1/events/batch" : "/health";
            byte[] body = c == 0 ? event : c == 1 ? batch : null;
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    Answer answer;
                    try {
                        answer = RawHttp.exchange(port, body == null ? "GET" : "POST", path, "application/json", body);
                    } catch (ConnectException refused) {
                        LockSupport.parkNanos(1_000_000); // a client retrying its connection, not a wait on the test's state
                        continue;
                    } catch (IOException e) {
                        wrong.add(path + ": no answer: " + e);
                        continue;
                    }
                    statuses.add(answer.status());
                    boolean real = answer.status() == 200 && answer.isJson();
                    boolean unavailable = answer.status() == 503 && answer.isJson()
                            && answer.body().contains("\"unavailable\"") && answer.header("Retry-After") != null;
                    if (!real && !unavailable) {
                        wrong.add(path + ": " + answer);
                    }
                }
                return null;
            }));
        }
        CausalityProcess collector = CausalityProcess.launch(collector(), JVM, port);
        try {
            collector.awaitReady();
            await("a few answers after start-up").atMost(Duration.ofSeconds(60))
                    .until(() -> statuses.stream().filter(s -> s == 200).count() >= 30);
        } finally {
            stop.set(true);
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
            clients.shutdownNow();
            collector.close();
        }
        assertTrue(wrong.isEmpty(), "answers other than 200 or a JSON 503 with Retry-After: " + wrong);
        // the clients got in before the routes ran: without the fallback in place before the port
        // opened, these were Vert.x's HTML 404
        assertTrue(statuses.contains(503), "no answer came before the routes ran: " + statuses.size() + " answers");
    }

    @Test
    void sigtermAnswersEveryRequestInFlightAndRefusesNewOnesWith503() throws Exception {
        CausalityProcess collector = CausalityProcess.start(collector("SHUTDOWN_DRAIN_TIMEOUT", "60s"), JVM);
        long before = nats.messageCount("EVENTS");
        StringBuilder events = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 50; i++) {
            events.append(i == 0 ? "" : ",").append("{\"appId\":\"drain\",\"deviceId\":\"d").append(i)
                    .append("\",\"screenView\":{\"screenName\":\"home\"}}");
        }
        byte[] batch = events.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        int half = batch.length / 2;
        List<RawHttp> inFlight = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                inFlight.add(RawHttp.connect(collector.port()).begin("POST", "/v1/events/batch", "application/json", batch, half));
            }
            await("the requests reached the server").atMost(Duration.ofSeconds(30))
                    .until(() -> collector.metric("causality_ingest_requests_in_flight") == 3);
            collector.process().destroy(); // SIGTERM
            await("drain started with the 3 requests in flight").atMost(Duration.ofSeconds(60))
                    .until(() -> collector.output().contains("draining 3 request(s) in flight"));

            HttpTestClient http = collector.http();
            HttpTestClient.Response ready = http.get("/ready");
            assertEquals(503, ready.status(), ready.text());
            assertTrue(ready.text().contains("shutting down"), ready.text());
            Answer refused = RawHttp.exchange(collector.port(), "POST", "/v1/events/ingest", "application/json",
                    "{\"event\":{\"appId\":\"drain\",\"deviceId\":\"late\",\"screenView\":{\"screenName\":\"home\"}}}"
                            .getBytes(StandardCharsets.UTF_8));
            assertEquals(503, refused.status(), refused.toString());
            assertTrue(refused.isJson() && refused.body().contains("\"unavailable\""), refused.toString());
            assertNotNull(refused.header("Retry-After"), refused.toString());
            assertEquals("close", refused.header("Connection"), refused.toString());
            assertEquals(200, http.get("/health").status(), "the process still runs");
            assertTrue(collector.process().isAlive(), "the process waits for its requests in flight");

            for (RawHttp request : inFlight) {
                Answer answer = request.finish(batch, half).answer();
                assertEquals(200, answer.status(), answer.toString());
                assertTrue(answer.body().contains("\"acceptedCount\":50"), answer.toString());
            }
            assertTrue(collector.process().waitFor(60, TimeUnit.SECONDS), "exits once drained");
            assertFalse(collector.output().contains("Drain timeout"), collector.output());
            assertEquals(before + 150, nats.messageCount("EVENTS"), "every answered event is stored, the refused one is not");
        } finally {
            for (RawHttp request : inFlight) {
                request.close();
            }
            collector.close();
        }
    }
}
