package dev.causality.ingest;

import dev.causality.event.Enricher;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.validate.EventValidator;
import dev.causality.validate.Violation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP edge, step 2: judges each event. Valid events are enriched (id, event time) and go on; an
 * invalid single event fails the request with 400, an invalid event of a batch is rejected alone.
 */
public class ValidateAndEnrich implements Processor {

    private final EventValidator validator;
    private final IngestMetrics metrics;

    public ValidateAndEnrich(EventValidator validator, IngestMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        IngestRequest request = exchange.getMessage().getBody(IngestRequest.class);
        List<EventOutcome> outcomes = new ArrayList<>(request.events().size());
        int rejected = 0;
        for (int i = 0; i < request.events().size(); i++) {
            EventEnvelope event = request.events().get(i);
            List<Violation> violations = validator.validate(event, request.receivedAtMs());
            if (violations.isEmpty()) {
                outcomes.add(EventOutcome.pending(i, Enricher.enrich(event, request.receivedAtMs())));
            } else {
                outcomes.add(EventOutcome.rejected(i, event, violations));
                rejected++;
            }
        }
        if (rejected > 0) {
            metrics.rejected("invalid_event", rejected);
        }
        if (!request.batch() && rejected > 0) {
            throw new ApiException(400, "invalid_event", "the event is invalid",
                    outcomes.get(0).violations().stream().map(v -> v.prefixed("event.")).toList());
        }
        exchange.getMessage().setBody(new IngestResult(request, outcomes));
    }
}
