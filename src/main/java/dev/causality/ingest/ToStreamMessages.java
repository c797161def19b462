package dev.causality.ingest;

import dev.causality.event.Enricher;
import dev.causality.event.Subjects;
import dev.causality.jetstream.EventPublisher;
import io.nats.client.Message;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP edge, step 3: the valid events become the NATS messages the {@code jetstream:EVENTS} step
 * publishes (subject per event, dedup id, event times). The request's {@link IngestResult} waits in
 * the {@link #RESULT} property for {@link ApplyPublishOutcomes}.
 */
public class ToStreamMessages implements Processor {

    public static final String RESULT = "CausalityIngestResult";
    static final String PUBLISH_STARTED = "CausalityPublishStarted";

    @Override
    public void process(Exchange exchange) {
        IngestResult result = exchange.getMessage().getBody(IngestResult.class);
        List<Message> messages = new ArrayList<>(result.outcomes().size());
        for (EventOutcome outcome : result.outcomes()) {
            if (outcome.status() == EventOutcome.Status.PENDING) {
                messages.add(EventPublisher.message(new EventPublisher.Outgoing(Subjects.of(outcome.event()),
                        Enricher.dedupKey(outcome.event()), outcome.times(), outcome.event().toByteArray())));
            }
        }
        exchange.setProperty(RESULT, result);
        exchange.setProperty(PUBLISH_STARTED, System.nanoTime());
        exchange.getMessage().setBody(messages);
    }
}
