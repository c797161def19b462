package dev.causality.ingest;

import java.util.List;

/** A request with the outcome of each of its events, in request order. */
public record IngestResult(IngestRequest request, List<EventOutcome> outcomes) {

    public long count(EventOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
