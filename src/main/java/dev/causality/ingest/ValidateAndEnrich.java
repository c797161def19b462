package dev.causality.ingest;

import dev.causality.event.Enricher;
import dev.causality.event.EventTimes;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.validate.EventValidator;
import dev.causality.validate.Violation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP edge, step 2: judges each event. Valid events are enriched (id, event time, the event's
 * {@link EventTimes}) and go on; an
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
            // "in the future" by the client's own clock when it sent it: a clock years ahead is
            // corrected, not refused
            long clientNow = request.sentAtMs() > 0 ? request.sentAtMs() : request.receivedAtMs();
            List<Violation> violations = validator.validate(event, clientNow);
            if (violations.isEmpty()) {
                // the times from the event as sent: a timestamp of 0 is not to be corrected once enriched
                EventTimes times = EventTimes.of(event.getTimestampMs(), request.receivedAtMs(), request.sentAtMs());
                outcomes.add(EventOutcome.pending(i, Enricher.enrich(event, request.receivedAtMs()), times));
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
