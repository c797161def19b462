package dev.causality.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The ingest figures operators watch: accepted, rejected by reason, failed, and publish latency. */
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter failed;
    private final Timer publishLatency;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("causality.ingest.events.accepted")
                .description("Events stored in JetStream and reported accepted").register(registry);
        this.failed = Counter.builder("causality.ingest.events.failed")
                .description("Valid events that could not be stored (broker down or slow); the client retries")
                .register(registry);
        this.publishLatency = Timer.builder("causality.ingest.publish.latency")
                .description("Time from the first publish of a request to its last JetStream ack")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public void accepted(long events) {
        accepted.increment(events);
    }

    public void failed(long events) {
        failed.increment(events);
    }

    /** Counts events refused for a client mistake; reason is a stable code such as invalid_event. */
    public void rejected(String reason, long events) {
        Counter.builder("causality.ingest.events.rejected")
                .description("Events refused for a client mistake, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment(events);
    }

    /** Counts requests refused whole for a client mistake (malformed, too large, wrong type, ...), by code. */
    public void rejectedRequest(String code) {
        Counter.builder("causality.ingest.requests.rejected")
                .description("Requests refused whole for a client mistake, by error code")
                .tag("code", code)
                .register(registry)
                .increment();
    }

    public void publishLatency(Duration duration) {
        publishLatency.record(duration);
    }
}
