package dev.causality.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends hostile requests from a few threads and tallies the answers: per status, per kind, the 5xx
 * (each one a bug: a client mistake is never a server error) and the requests left unanswered. A
 * 503 with Retry-After is resent once, as a good client would: answered then, it was the machine
 * being busy, counted apart; refused again, it is a 5xx the request causes.
 */
final class Fuzzer {

    /** What the collector answered. */
    record Result(long requests, Map<Integer, Long> statuses, Map<String, Long> kinds, long serverErrors,
                  long transientUnavailable, long unanswered, List<String> serverErrorSamples,
                  List<String> unansweredSamples) {
    }

    private static final int NO_ANSWER = 0;

    private final URI base;
    private final HostileRequests generator;
    private final int threads;

    Fuzzer(URI base, HostileRequests generator, int threads) {
        this.base = base;
        this.generator = generator;
        this.threads = threads;
    }

    Result run(int requests, long seed) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
        Map<String, AtomicLong> kindMillis = new ConcurrentHashMap<>();
        List<String> serverErrors = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        AtomicLong serverErrorCount = new AtomicLong();
        AtomicLong unansweredCount = new AtomicLong();
        AtomicLong transientCount = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            Thread worker = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (int n; (n = next.getAndIncrement()) < requests; ) {
                    if (n > 0 && n % 2000 == 0) {
                        System.out.println("[faults] fuzzer: " + n + " requests sent; ms spent per kind: " + kindMillis);
                    }
                    HostileRequests.Hostile hostile = generator.next(random);
                    kinds.computeIfAbsent(hostile.kind(), k -> new AtomicLong()).incrementAndGet();
                    long start = System.nanoTime();
                    Answer answer = hostile.raw() != null ? sendRaw(hostile) : send(http, hostile);
                    if (answer.status == 503 && answer.retryAfter) {
                        // busy or the broker slow (an overloaded machine): a good client resends after
                        // Retry-After. Only a request refused again is a server error caused by the request.
                        Hold.on(Duration.ofSeconds(1));
                        Answer again = send(http, hostile);
                        if (again.status < 500) {
                            transientCount.incrementAndGet();
                            answer = again;
                        }
                    }
                    kindMillis.computeIfAbsent(hostile.kind(), k -> new AtomicLong())
                            .addAndGet((System.nanoTime() - start) / 1_000_000);
                    statuses.computeIfAbsent(answer.status, s -> new AtomicLong()).incrementAndGet();
                    String what = hostile.kind() + " " + hostile.method() + " " + hostile.path() + " "
                            + hostile.headers().getOrDefault("Content-Type", "") + " "
                            + hostile.body().length + " bytes -> " + answer.status + " " + answer.detail;
                    if (answer.status >= 500) {
                        serverErrorCount.incrementAndGet();
                        keep(serverErrors, what);
                    } else if (answer.status == NO_ANSWER && hostile.raw() == null) {
                        // broken framing may rightly be dropped without an answer; a well-formed request may not
                        unansweredCount.incrementAndGet();
                        keep(unanswered, what);
                    }
                }
            }, "fuzzer-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.get()));
        Map<String, Long> byKind = new TreeMap<>();
        kinds.forEach((k, v) -> byKind.put(k, v.get()));
        return new Result(requests, byStatus, byKind, serverErrorCount.get(), transientCount.get(),
                unansweredCount.get(), List.copyOf(serverErrors), List.copyOf(unanswered));
    }

    private static void keep(List<String> samples, String what) {
        synchronized (samples) {
            if (samples.size() < 20) {
                samples.add(what.length() > 600 ? what.substring(0, 600) + "..." : what);
            }
        }
    }

    private record Answer(int status, String detail, boolean retryAfter) {

        Answer(int status, String detail) {
            this(status, detail, false);
        }
    }

    private Answer send(HttpClient http, HostileRequests.Hostile hostile) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(hostile.path()))
                    .timeout(Duration.ofSeconds(30))
                    .method(hostile.method(), HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
            hostile.headers().forEach(request::header);
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException stale) {
                // a pooled keep-alive connection the server had just closed (after an error answer): once more, afresh
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            String body = new String(response.body(), 0, Math.min(300, response.body().length), StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), body, response.headers().firstValue("Retry-After").isPresent());
        } catch (IllegalArgumentException e) {
            return new Answer(-1, "not sent: the HTTP client refuses it (" + e.getMessage() + ")");
        } catch (IOException e) {
            return new Answer(NO_ANSWER, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(NO_ANSWER, e.toString());
        }
    }

    /** Writes the bytes, half-closes, and reads the status line if one comes within 5 s. */
    private Answer sendRaw(HostileRequests.Hostile hostile) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(hostile.raw());
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12); // "HTTP/1.1 400"
            String line = new String(head, StandardCharsets.ISO_8859_1);
            if (line.startsWith("HTTP/") && line.length() >= 12) {
                return new Answer(Integer.parseInt(line.substring(9, 12).trim()), "raw");
            }
            return new Answer(NO_ANSWER, "closed without an answer");
        } catch (IOException | NumberFormatException e) {
            return new Answer(NO_ANSWER, e.toString());
        }
    }
}
