package dev.causality.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** HTTP load on Vert.x's client: closed-loop throughput, and open-loop latency at a fixed rate. */
final class HttpLoad implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;
    private final int port;

    HttpLoad(int port, int connections) {
        this.port = port;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(connections).setKeepAlive(true)
                .setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    private Future<Integer> post(String path, byte[] body) {
        return client.request(HttpMethod.POST, port, "127.0.0.1", path)
                .compose(request -> request.putHeader("Content-Type", "application/x-protobuf")
                        .send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
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
        post(path, body).onComplete(result -> {
            if (result.succeeded() && result.result() == 200) {
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
        CountDownLatch done = new CountDownLatch((int) total);
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            post(path, bodies.get((int) (i % bodies.size()))).onComplete(result -> {
                long latency = System.nanoTime() - due;
                synchronized (histogram) {
                    histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
                }
                if (!result.succeeded() || result.result() != 200) {
                    failures.incrementAndGet();
                }
                done.countDown();
            });
        }
        if (!done.await(duration.toSeconds() * 3 + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(done.getCount() + " of " + total + " open-loop requests unanswered at "
                    + perSecond + " req/s: the server cannot sustain that rate");
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " open-loop requests failed");
        }
        return histogram;
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
