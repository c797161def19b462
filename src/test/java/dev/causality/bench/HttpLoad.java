package dev.causality.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP load on a Vert.x client (keep-alive, one connection per request in flight): closed-loop
 * throughput, and open-loop latency at a fixed rate. The JDK's HttpClient topped out near 1,500
 * requests/s on 2 cores, far below the servers it measured.
 */
final class HttpLoad implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final Context context = vertx.getOrCreateContext();
    private final HttpClient client;
    /** Requests of the last open-loop run that failed or timed out (they count in its histogram). */
    volatile int lastFailures;

    /** Sent as {@code Authorization: Bearer} with every request; null = none. */
    private final String writeKey;

    HttpLoad(int port, int connections) {
        this(port, connections, null);
    }

    HttpLoad(int port, int connections, String writeKey) {
        this.writeKey = writeKey;
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true).setMaxPoolSize(connections).setConnectTimeout(5_000));
    }

    /** A request unanswered for 10 s fails (and counts as 10 s) rather than hanging the run. */
    private CompletableFuture<Integer> post(String path, byte[] body) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(path).setIdleTimeout(10_000)
                .putHeader("Content-Type", "application/x-protobuf");
        if (writeKey != null) {
            request.putHeader("Authorization", "Bearer " + writeKey);
        }
        context.runOnContext(ignored -> client.request(request)
                .compose(r -> r.send(Buffer.buffer(body)).compose(response -> response.body().map(response.statusCode())))
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        result.complete(answer.result());
                    } else {
                        result.completeExceptionally(answer.cause());
                    }
                }));
        return result.orTimeout(10, TimeUnit.SECONDS);
    }

    /**
     * {@code concurrency} requests always in flight for {@code duration}; returns the number of
     * 200 answers per second. Any other answer fails the run: a benchmark of errors is no benchmark.
     */
    double requestsPerSecond(String path, List<byte[]> bodies, int concurrency, Duration duration)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            loop(path, bodies, next, ok, failures, end, done);
        }
        if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests did not finish");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests to " + path + " failed");
        }
        return ok.get() / seconds;
    }

    private void loop(String path, List<byte[]> bodies, AtomicInteger next, AtomicLong ok, AtomicInteger failures,
                      long end, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        byte[] body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
        post(path, body).whenComplete((status, error) -> {
            if (error == null && status == 200) {
                ok.incrementAndGet();
            } else {
                failures.incrementAndGet();
            }
            loop(path, bodies, next, ok, failures, end, done);
        });
    }

    /**
     * Sends at a fixed rate whatever the answers do (open loop), and measures each latency from the
     * moment the request was due, not sent, so a stall counts against every request it delays.
     */
    Histogram latencyAtRate(String path, List<byte[]> bodies, double perSecond, Duration duration)
            throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long total = (long) (perSecond * duration.toSeconds());
        long interval = (long) (1e9 / perSecond);
        java.util.Map<Long, Long> outstanding = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long id = i;
            outstanding.put(id, due);
            post(path, bodies.get((int) (i % bodies.size()))).whenComplete((status, error) -> {
                if (outstanding.remove(id) == null) {
                    return; // already counted as unanswered
                }
                record(histogram, System.nanoTime() - due);
                if (error != null || status != 200) {
                    failures.incrementAndGet();
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        // Requests still unanswered 15 s after the last was due count as failures, with their latency so far.
        for (Long id : List.copyOf(outstanding.keySet())) {
            Long due = outstanding.remove(id);
            if (due != null) {
                record(histogram, System.nanoTime() - due);
                failures.incrementAndGet();
            }
        }
        lastFailures = failures.get();
        if (failures.get() > total / 100) {
            throw new IllegalStateException(failures.get() + " of " + total + " open-loop requests at " + perSecond
                    + " req/s failed or went unanswered: the server cannot sustain that rate");
        }
        return histogram;
    }

    private static void record(Histogram histogram, long latencyNanos) {
        synchronized (histogram) {
            histogram.recordValue(Math.min(latencyNanos, histogram.getHighestTrackableValue()));
        }
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
