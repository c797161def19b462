package dev.causality.ingest;

import dev.causality.proto.v1.EventResult;
import dev.causality.proto.v1.IngestEventBatchResponse;
import dev.causality.proto.v1.IngestEventResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.nio.ByteBuffer;

/**
 * HTTP edge, step 4: answers in the request's format. A batch is 200 unless some valid event could
 * not be stored: then 503 with Retry-After, and its results say which events failed.
 */
public class EncodeResponse implements Processor {

    private final int retryAfterSeconds;

    public EncodeResponse(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void process(Exchange exchange) {
        IngestResult result = exchange.getMessage().getBody(IngestResult.class);
        IngestRequest request = result.request();
        Message out = exchange.getMessage();
        if (!request.batch()) {
            EventOutcome outcome = result.outcomes().get(0);
            if (outcome.status() != EventOutcome.Status.ACCEPTED) {
                throw ApiException.unavailable("the event could not be stored: " + outcome.error()
                        + "; retry later, resending is safe");
            }
            write(out, request, 200, IngestEventResponse.newBuilder()
                    .setEventId(outcome.eventId())
                    .setStatus("accepted")
                    .build());
            return;
        }
        IngestEventBatchResponse.Builder response = IngestEventBatchResponse.newBuilder();
        int accepted = 0;
        int rejected = 0;
        boolean failed = false;
        for (EventOutcome outcome : result.outcomes()) {
            EventResult.Builder item = EventResult.newBuilder()
                    .setIndex(outcome.index())
                    .setEventId(outcome.eventId())
                    .setStatus(outcome.status().wireName());
            if (outcome.error() != null) {
                item.setError(outcome.error());
            }
            switch (outcome.status()) {
                case ACCEPTED -> accepted++;
                case REJECTED -> rejected++;
                default -> failed = true;
            }
            response.addResults(item);
        }
        response.setAcceptedCount(accepted).setRejectedCount(rejected);
        if (failed) {
            out.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        write(out, request, failed ? 503 : 200, response.build());
    }

    private static void write(Message out, IngestRequest request, int status, com.google.protobuf.Message body) {
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, request.format() == WireFormat.JSON ? "application/json"
                : request.mediaType());
        // A ByteBuffer: platform-http-vertx writes it at once, while a byte[] goes through an
        // InputStream that a Vert.x worker thread reads (one more thread hand-off per request).
        out.setBody(ByteBuffer.wrap(request.format().write(body)));
    }
}
