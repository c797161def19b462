package dev.causality.ingest;

import dev.causality.event.Enricher;
import dev.causality.event.Subjects;
import dev.causality.jetstream.EventPublisher;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** HTTP edge, step 3: stores the valid events in JetStream; each becomes accepted or failed. */
public class PublishEvents implements Processor {

    private final EventPublisher publisher;
    private final IngestMetrics metrics;

    public PublishEvents(EventPublisher publisher, IngestMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        IngestResult result = exchange.getMessage().getBody(IngestResult.class);
        List<EventOutcome> pending = new ArrayList<>(result.outcomes().size());
        List<EventPublisher.Outgoing> messages = new ArrayList<>(result.outcomes().size());
        for (EventOutcome outcome : result.outcomes()) {
            if (outcome.status() == EventOutcome.Status.PENDING) {
                pending.add(outcome);
                messages.add(new EventPublisher.Outgoing(Subjects.of(outcome.event()),
                        Enricher.dedupKey(outcome.event()), outcome.times(), outcome.event().toByteArray()));
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        List<EventPublisher.Outcome> published = publisher.publishAll(messages);
        metrics.publishLatency(Duration.ofNanos(System.nanoTime() - started));
        int accepted = 0;
        for (int i = 0; i < pending.size(); i++) {
            EventPublisher.Outcome outcome = published.get(i);
            if (outcome.stored()) {
                pending.get(i).accepted();
                accepted++;
            } else {
                pending.get(i).failed(outcome.error());
            }
        }
        metrics.accepted(accepted);
        if (accepted < pending.size()) {
            metrics.failed(pending.size() - accepted);
        }
    }
}
