package dev.causality.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events per second per write key on this collector: a token bucket per key that refills at the
 * key's rate and holds two seconds' worth. A request takes as many tokens as it has events, all or
 * none; one larger than the whole bucket passes when the bucket is full (and empties it below zero),
 * so a small rate never locks out a large batch for good.
 */
public final class RateLimits {

    /** Whether the request may go on, and if not, in how many seconds it may be retried. */
    public record Decision(boolean allowed, int retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public Decision take(WriteKey key, int events, long nowNanos) {
        if (key.rate() <= 0) {
            return Decision.ALLOWED;
        }
        Bucket bucket = buckets.computeIfAbsent(key.id(), id -> new Bucket(key.rate(), nowNanos));
        return bucket.take(key.rate(), events, nowNanos);
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(int rate, long nowNanos) {
            this.tokens = 2.0 * rate;
            this.lastNanos = nowNanos;
        }

        synchronized Decision take(int rate, int events, long nowNanos) {
            double capacity = 2.0 * rate;
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * rate);
            lastNanos = nowNanos;
            double needed = Math.min(events, capacity);
            if (tokens >= needed) {
                tokens -= events;
                return Decision.ALLOWED;
            }
            return new Decision(false, (int) Math.max(1, Math.ceil((needed - tokens) / rate)));
        }
    }
}
