package dev.causality.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.testsupport.CausalityProcess;
import dev.causality.testsupport.FreePorts;
import dev.causality.testsupport.HaproxyServer;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.NatsServer;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Collectors behind HAProxy (the production config, docker/haproxy/haproxy.cfg), restarted one after
 * another, with SIGTERM and with kill -9, while a strict client posts through HAProxy: every event
 * the client was told was accepted is in the stream, the client dropped nothing, no answer was HTML.
 */
class LoadBalancerIT {

    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final int COLLECTORS = 2;
    private static final int ROUNDS = 2;

    @Test
    void rollingRestartsWithSigtermAndKillLoseNoAcceptedEvent() throws Exception {
        int[] ports = new int[COLLECTORS];
        CausalityProcess[] collectors = new CausalityProcess[COLLECTORS];
        try (NatsServer nats = NatsServer.started()) {
            Map<String, String> env = Map.of("NATS_URL", nats.url(), "SINK_ENABLED", "false",
                    "LOG_ACTIVITY_INTERVAL", "0");
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < COLLECTORS; i++) {
                ports[i] = FreePorts.next();
                collectors[i] = CausalityProcess.launch(env, JVM, ports[i]);
                addresses.add("127.0.0.1:" + ports[i]);
            }
            for (CausalityProcess collector : collectors) {
                collector.awaitReady();
            }
            StrictClient client;
            try (HaproxyServer haproxy = new HaproxyServer(addresses)) {
                for (int i = 1; i <= COLLECTORS; i++) {
                    haproxy.awaitUp("collector" + i);
                }
                client = new StrictClient(haproxy.url(), 2);
                try {
                    client.awaitAccepted(200);
                    int restarts = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int i = 0; i < COLLECTORS; i++) {
                            if ((round + i) % 2 == 1) {
                                collectors[i].kill();
                            } else {
                                collectors[i].terminate();
                            }
                            collectors[i].close();
                            long before = client.accepted.size();
                            collectors[i] = CausalityProcess.launch(env, JVM, ports[i]).awaitReady();
                            haproxy.awaitUp("collector" + (i + 1)); // one at a time, as a rolling deploy does
                            restarts++;
                            client.awaitAccepted(before + 100); // under load at every step
                        }
                    }
                    client.stop();
                    System.out.printf("Rolling restart through HAProxy: %d collectors, %d restarts (SIGTERM and"
                            + " kill -9 alternating), %s; HAProxy resent %d requests (%d to another collector);"
                            + " the stream holds %d events%n", COLLECTORS, restarts, client.summary(),
                            haproxy.backendCounter("wretr"), haproxy.backendCounter("wredis"), nats.messageCount("EVENTS"));
                } finally {
                    client.stop();
                }
            }
            assertTrue(client.wrong.isEmpty(), "answers neither accepted nor retryable JSON: " + client.wrong);
            assertEquals(0, client.dropped.get(), "events the client dropped on a 4xx: " + client.wrong);
            Set<String> stored = storedIds(nats, client.accepted.size());
            Set<String> lost = new HashSet<>(client.accepted);
            lost.removeAll(stored);
            assertTrue(lost.isEmpty(), lost.size() + " accepted events are not in the stream, e.g. "
                    + lost.stream().limit(5).toList());
        } finally {
            for (CausalityProcess collector : collectors) {
                if (collector != null) {
                    collector.close();
                }
            }
        }
    }

    @Test
    void haproxyAnswersItsOwnErrorsInJsonAndPassesOnlyTheApi() throws Exception {
        // no collector listens: HAProxy's own 503; the operator endpoints never reach a collector
        try (HaproxyServer haproxy = new HaproxyServer(List.of("127.0.0.1:" + FreePorts.next()))) {
            HttpTestClient http = new HttpTestClient(haproxy.url());
            HttpTestClient.Response down = http.postJson("/v1/events/batch", "{\"events\":[]}");
            assertEquals(503, down.status(), down.text());
            assertEquals("application/json", down.header("Content-Type"), down.text());
            assertTrue(down.text().contains("\"unavailable\""), down.text());
            assertEquals("1", down.header("Retry-After"), down.text());
            HttpTestClient.Response observe = http.get("/observe/metrics");
            assertEquals(404, observe.status(), observe.text());
            assertTrue(observe.text().contains("\"not_found\""), observe.text());
        }
        // the compose variant (collectors found through Docker's DNS) is a valid config too
        Process check = new ProcessBuilder(HaproxyServer.binary(), "-c", "-f", HaproxyServer.CONFIG.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), output);
    }

    /** The ids of every event in the stream, read with jnats (an ephemeral pull consumer, no acks). */
    private static Set<String> storedIds(NatsServer nats, int atLeast) throws Exception {
        JetStream js = nats.client().jetStream();
        JetStreamSubscription subscription = js.subscribe("events.lb.>", PullSubscribeOptions.builder()
                .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.None).build()).build());
        long total = nats.messageCount("EVENTS");
        Set<String> ids = new HashSet<>();
        long read = 0;
        while (read < total) {
            List<Message> messages = subscription.fetch(1000, Duration.ofSeconds(10));
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                ids.add(EventEnvelope.parseFrom(message.getData()).getId());
            }
            read += messages.size();
        }
        subscription.unsubscribe();
        assertTrue(ids.size() >= atLeast, ids.size() + " distinct events read of " + read + " (the stream holds "
                + total + "), " + atLeast + " accepted");
        return ids;
    }

    /**
     * A client as strict as the SDKs we compare with: it drops a batch's events on any 4xx other
     * than 429 (the server said they are wrong), and resends the batch on 503, 429, any other 5xx
     * or no answer. Every answer must be the API's JSON.
     */
    private static final class StrictClient {

        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicLong dropped = new AtomicLong();
        final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        private final String url;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService threads;
        private final List<Future<?>> running = new ArrayList<>();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        StrictClient(String url, int threads) {
            this.url = url;
            this.threads = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(this.threads.submit(() -> {
                    for (long n = 0; !stopped.get(); n++) {
                        send(thread, n);
                    }
                    return null;
                }));
            }
        }

        private void send(int thread, long n) {
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 10; i++) {
                String id = "lb-" + thread + "-" + n + "-" + i;
                ids.add(id);
                body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id)
                        .append("\",\"appId\":\"lb\",\"deviceId\":\"d").append(thread)
                        .append("\",\"screenView\":{\"screenName\":\"home\"}}");
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/events/batch"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build();
            while (true) { // until the batch is accepted or dropped; the test stops only between batches
                HttpResponse<String> response;
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException noAnswer) {
                    count("no answer");
                    LockSupport.parkNanos(50_000_000); // the client's own back-off before it resends
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                int status = response.statusCode();
                count(Integer.toString(status));
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (!type.startsWith("application/json") || !response.body().trim().startsWith("{")) {
                    wrong.add(status + " " + type + " " + response.body());
                }
                if (status == 200) {
                    JsonObject answer = JsonParser.parseString(response.body()).getAsJsonObject();
                    for (JsonElement result : answer.getAsJsonArray("results")) {
                        JsonObject item = result.getAsJsonObject();
                        if ("accepted".equals(item.get("status").getAsString())) {
                            accepted.add(ids.get(item.get("index").getAsInt()));
                        } else {
                            wrong.add("not accepted: " + item);
                        }
                    }
                    LockSupport.parkNanos(20_000_000); // the client's own pace: ~50 batches a second at most
                    return;
                }
                if (status >= 400 && status < 500 && status != 429) {
                    dropped.addAndGet(ids.size());
                    wrong.add("dropped on " + status + ": " + response.body());
                    return;
                }
                LockSupport.parkNanos(50_000_000); // 503, 429, other 5xx: the client's back-off, then resend
            }
        }

        private void count(String answer) {
            answers.computeIfAbsent(answer, a -> new AtomicLong()).incrementAndGet();
        }

        void awaitAccepted(long events) {
            await(events + " events accepted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!wrong.isEmpty()) {
                            throw new IllegalStateException("wrong answers: " + wrong);
                        }
                        return accepted.size() >= events;
                    });
        }

        void stop() throws Exception {
            stopped.set(true);
            for (Future<?> thread : running) {
                thread.get(2, TimeUnit.MINUTES);
            }
            threads.shutdownNow();
        }

        String summary() {
            Map<String, Long> counts = new HashMap<>();
            answers.forEach((answer, count) -> counts.put(answer, count.get()));
            return "client answers " + counts + ", " + accepted.size() + " events accepted, " + dropped.get() + " dropped";
        }
    }
}
