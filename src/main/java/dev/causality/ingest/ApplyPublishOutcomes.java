package dev.causality.ingest;

import dev.causality.jetstream.EventPublisher;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Duration;
import java.util.List;

/**
 * HTTP edge, step 5: each event the {@code jetstream:EVENTS} step published becomes accepted (JetStream
 * stored it) or failed, in the request's {@link IngestResult}, which is the body again.
 */
public class ApplyPublishOutcomes implements Processor {

    private final IngestMetrics metrics;

    public ApplyPublishOutcomes(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        IngestResult result = exchange.getProperty(ToStreamMessages.RESULT, IngestResult.class);
        @SuppressWarnings("unchecked")
        List<EventPublisher.Outcome> published = exchange.getMessage().getBody(List.class);
        exchange.removeProperty(ToStreamMessages.RESULT);
        exchange.getMessage().setBody(result);
        if (published.isEmpty()) {
            return;
        }
        long started = exchange.getProperty(ToStreamMessages.PUBLISH_STARTED, Long.class);
        metrics.publishLatency(Duration.ofNanos(System.nanoTime() - started));
        int accepted = 0;
        int next = 0;
        for (EventOutcome outcome : result.outcomes()) {
            if (outcome.status() != EventOutcome.Status.PENDING) {
                continue;
            }
            EventPublisher.Outcome stored = published.get(next++);
            if (stored.stored()) {
                outcome.accepted();
                accepted++;
            } else {
                outcome.failed(stored.error());
            }
        }
        metrics.accepted(accepted);
        if (accepted < published.size()) {
            metrics.failed(published.size() - accepted);
        }
    }
}
