package dev.causality.ingest;

import dev.causality.proto.v1.EventEnvelope;

import java.util.List;

/**
 * A decoded request: its format (answered in kind), whether it was a batch, its events, when it
 * arrived and when the client says it sent it ({@code sentAtMs}, 0 when the client did not say).
 */
public record IngestRequest(WireFormat format, String mediaType, boolean batch, List<EventEnvelope> events,
                            long receivedAtMs, long sentAtMs) {

    /** The same request without its decoded events (once they are encoded, the answer needs only the rest). */
    public IngestRequest withoutEvents() {
        return new IngestRequest(format, mediaType, batch, List.of(), receivedAtMs, sentAtMs);
    }
}
