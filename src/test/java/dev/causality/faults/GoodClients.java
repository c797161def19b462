package dev.causality.faults;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.causality.bench.EventMix;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.EventResult;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventBatchResponse;
import dev.causality.proto.v1.IngestEventRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A steady load from clients that behave like a good SDK: every event carries its own unique id;
 * a request without an answer, or answered 503 or 429, is resent unchanged after Retry-After (1 s
 * when none), until it is accepted. Batches and single events, binary protobuf and JSON, some
 * gzip-compressed, realistic payloads ({@link EventMix}).
 */
final class GoodClients implements AutoCloseable {

    private final URI base;
    private final int eventsPerSecond;
    private final Ledger ledger;
    private final String writeKey;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    GoodClients(URI base, int clients, int eventsPerSecond, Ledger ledger, String writeKey) {
        this.base = base;
        this.eventsPerSecond = eventsPerSecond;
        this.ledger = ledger;
        this.writeKey = writeKey;
        for (int i = 0; i < clients; i++) {
            int seed = i;
            Thread thread = new Thread(() -> new Client(seed, clients).run(), "good-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Stops sending new events; a request being retried is retried until accepted, at most two minutes. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(3));
        }
    }

    /** Waits up to {@code millis}, returning early (true) once the clients are told to stop. */
    private boolean stopping(long millis) throws InterruptedException {
        return stop.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    private final class Client {
        private final Random random;
        private final EventMix mix = new EventMix();
        private final int clients;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private long failingSince = -1;

        Client(int seed, int clients) {
            this.random = new Random(seed);
            this.clients = clients;
        }

        void run() {
            try {
                long due = System.currentTimeMillis();
                while (!stopping(due - System.currentTimeMillis())) {
                    int size = random.nextInt(10) == 0 ? 1 : 1 + random.nextInt(50);
                    List<EventEnvelope> events = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        events.add(mix.next().toBuilder().setId(UUID.randomUUID().toString()).build());
                    }
                    deliver(events);
                    // the pace of this client's share of the load; a client that fell behind does not burst
                    due = Math.max(due + size * 1000L * clients / eventsPerSecond, System.currentTimeMillis() - 1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends until accepted: the same body every time, so JetStream's dedup makes resends safe. */
        private void deliver(List<EventEnvelope> events) throws InterruptedException {
            boolean single = events.size() == 1;
            boolean json = random.nextInt(5) == 0;
            boolean gzip = random.nextInt(5) == 0;
            com.google.protobuf.Message request = single
                    ? IngestEventRequest.newBuilder().setEvent(events.get(0)).build()
                    : IngestEventBatchRequest.newBuilder().addAllEvents(events).build();
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(single ? "/v1/events/ingest" : "/v1/events/batch"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", json ? "application/json" : "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(request, json, gzip)));
            if (gzip) {
                builder.header("Content-Encoding", "gzip");
            }
            if (writeKey != null) {
                builder.header("Authorization", "Bearer " + writeKey);
            }
            HttpRequest httpRequest = builder.build();
            long giveUp = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(2);
            while (true) {
                ledger.request();
                long waitMillis;
                try {
                    HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
                    int status = response.statusCode();
                    long now = System.currentTimeMillis();
                    if (status == 200 || status == 503) {
                        recordAccepted(events, single, json, status, response.body(), now);
                    }
                    if (status == 200) {
                        succeeded(now);
                        return;
                    }
                    if (status != 503 && status != 429) {
                        ledger.unexpected(status + " " + new String(response.body(), StandardCharsets.UTF_8));
                        succeeded(now); // answered: the collector works, our request is what it refused
                        return;
                    }
                    waitMillis = 1000L * response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                } catch (IOException e) {
                    waitMillis = 1000; // no answer: the collector is down or restarting
                }
                failing();
                if (System.currentTimeMillis() > giveUp && stop.getCount() == 0) {
                    return; // the run is over and the collector still refuses: the events were never accepted
                }
                ledger.retry();
                if (stop.getCount() > 0) {
                    stopping(waitMillis);
                } else {
                    Hold.on(Duration.ofMillis(waitMillis)); // stopping: keep honouring Retry-After until accepted
                }
            }
        }

        private void failing() {
            if (failingSince < 0) {
                failingSince = System.currentTimeMillis();
            }
        }

        private void succeeded(long now) {
            if (failingSince >= 0) {
                ledger.refused(failingSince, now);
                failingSince = -1;
            }
        }

        /** The ids answered accepted: all of a 200 single event, the accepted results of a batch (also in a 503). */
        private void recordAccepted(List<EventEnvelope> events, boolean single, boolean json, int status, byte[] body,
                                    long now) {
            if (single) {
                if (status == 200) {
                    ledger.accepted(events.get(0).getId(), now);
                }
                return;
            }
            IngestEventBatchResponse response;
            try {
                response = parse(body, json);
            } catch (InvalidProtocolBufferException e) {
                if (status == 200) {
                    ledger.unexpected("unreadable 200 answer: " + e.getMessage());
                }
                return; // a 503 without results: nothing of it counts as accepted
            }
            for (EventResult result : response.getResultsList()) {
                switch (result.getStatus()) {
                    case "accepted" -> ledger.accepted(result.getEventId(), now);
                    case "rejected" -> ledger.unexpected("valid event rejected: " + result.getError());
                    default -> { } // failed: the resend covers it
                }
            }
        }
    }

    private static IngestEventBatchResponse parse(byte[] body, boolean json) throws InvalidProtocolBufferException {
        if (!json) {
            return IngestEventBatchResponse.parseFrom(body);
        }
        IngestEventBatchResponse.Builder builder = IngestEventBatchResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), builder);
        return builder.build();
    }

    static byte[] body(com.google.protobuf.Message request, boolean json, boolean gzip) {
        try {
            byte[] plain = json ? JsonFormat.printer().print(request).getBytes(StandardCharsets.UTF_8) : request.toByteArray();
            return gzip ? gzip(plain) : plain;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
