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
        IngestResult decoded = exchange.getMessage().getBody(IngestResult.class);
        List<Message> messages = new ArrayList<>(decoded.outcomes().size());
        for (EventOutcome outcome : decoded.outcomes()) {
            if (outcome.status() == EventOutcome.Status.PENDING) {
                messages.add(EventPublisher.message(new EventPublisher.Outgoing(Subjects.of(outcome.event()),
                        Enricher.dedupKey(outcome.event()), outcome.times(), outcome.event().toByteArray())));
            }
            outcome.encoded();
        }
        // From here the answer needs each event's id and fate, not the decoded events (several KB each,
        // copied by the GC while the acks are awaited; a thousand per request, many requests at once).
        IngestResult result = new IngestResult(decoded.request().withoutEvents(), decoded.outcomes());
        exchange.setProperty(RESULT, result);
        exchange.setProperty(PUBLISH_STARTED, System.nanoTime());
        exchange.getMessage().setBody(messages);
    }
}
