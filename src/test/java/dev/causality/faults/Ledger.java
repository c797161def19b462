package dev.causality.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the good clients saw: each event id the collector answered {@code accepted} (with when),
 * the stretches during which a client's requests were refused or failed, and any answer a valid
 * event should never get.
 */
final class Ledger {

    /** A client's requests refused or failing from {@code start} until one succeeded again. */
    record Refusal(long start, long millis) {
    }

    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    void accepted(String id, long atMillis) {
        accepted.putIfAbsent(id, atMillis);
    }

    void request() {
        requests.incrementAndGet();
    }

    void retry() {
        retries.incrementAndGet();
    }

    synchronized void refused(long start, long end) {
        refusals.add(new Refusal(start, end - start));
    }

    /** An answer a good client never expects for valid events (a rejection, a 4xx other than 429). */
    synchronized void unexpected(String what) {
        if (unexpected.size() < 1000) {
            unexpected.add(what);
        }
    }

    Map<String, Long> acceptedIds() {
        return accepted;
    }

    synchronized List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    synchronized List<String> unexpectedAnswers() {
        return List.copyOf(unexpected);
    }

    long requests() {
        return requests.get();
    }

    long retries() {
        return retries.get();
    }
}
