package dev.causality.ingest;

import dev.causality.access.RateLimits;
import dev.causality.access.WriteKey;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * HTTP edge, before anything is stored: a request that would take its write key over the key's
 * rate (events per second on this collector; a batch counts its events) is refused whole with 429
 * {@code rate_limited} and Retry-After.
 */
public class RateLimit implements Processor {

    private final RateLimits limits;

    public RateLimit(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public void process(Exchange exchange) {
        WriteKey key = exchange.getProperty(Authenticate.WRITE_KEY, WriteKey.class);
        if (key == null) {
            return; // ingest.auth=none
        }
        IngestResult result = exchange.getMessage().getBody(IngestResult.class);
        RateLimits.Decision decision = limits.take(key, result.outcomes().size(), System.nanoTime());
        if (!decision.allowed()) {
            throw new ApiException(429, "rate_limited", "the write key's rate of " + key.rate()
                    + " events per second is used up; retry after " + decision.retryAfterSeconds() + " s")
                    .retryAfter(decision.retryAfterSeconds());
        }
    }
}
