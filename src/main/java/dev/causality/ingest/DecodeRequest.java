package dev.causality.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * HTTP edge, step 1: checks content type, size and encoding, and parses the body into an
 * {@link IngestRequest}. Every client mistake here is a 4xx {@link ApiException}.
 */
public class DecodeRequest implements Processor {

    private final boolean batch;
    private final long maxBodyBytes;
    private final int maxBatchEvents;
    private final int maxInflateRatio;

    public DecodeRequest(boolean batch, long maxBodyBytes, int maxBatchEvents, int maxInflateRatio) {
        this.batch = batch;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchEvents = maxBatchEvents;
        this.maxInflateRatio = maxInflateRatio;
    }

    @Override
    public void process(Exchange exchange) {
        long receivedAtMs = System.currentTimeMillis();
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        WireFormat format = WireFormat.ofContentType(contentType);
        if (format == null) {
            throw new ApiException(415, "unsupported_media_type", "Content-Type '" + contentType
                    + "' is not supported; use application/x-protobuf, application/octet-stream or application/json");
        }
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        byte[] body = RequestBody.decode(raw, exchange.getMessage().getHeader("Content-Encoding", String.class),
                maxBodyBytes, maxInflateRatio);
        String mediaType = WireFormat.mediaType(contentType);
        if (batch) {
            IngestEventBatchRequest request = parseBatch(format, body);
            exchange.getMessage().setBody(new IngestRequest(format, mediaType, true, request.getEventsList(),
                    receivedAtMs, sentAt(request.getSentAtMs())));
        } else {
            IngestEventRequest request = parseSingle(format, body);
            exchange.getMessage().setBody(new IngestRequest(format, mediaType, false, List.of(request.getEvent()),
                    receivedAtMs, sentAt(request.getSentAtMs())));
        }
    }

    /** The client's send time; 0 means it sent none, a negative one is a client mistake. */
    private static long sentAt(long sentAtMs) {
        if (sentAtMs < 0) {
            throw new ApiException(400, "invalid_request", "sent_at_ms is negative",
                    List.of(new dev.causality.validate.Violation("sent_at_ms", "must not be negative")));
        }
        return sentAtMs;
    }

    private IngestEventRequest parseSingle(WireFormat format, byte[] body) {
        IngestEventRequest request = parse(format, body, IngestEventRequest.newBuilder()).build();
        if (!request.hasEvent()) {
            throw new ApiException(400, "invalid_request", "the request has no event",
                    List.of(new dev.causality.validate.Violation("event", "is required")));
        }
        return request;
    }

    private IngestEventBatchRequest parseBatch(WireFormat format, byte[] body) {
        BatchSize.check(format, body, maxBatchEvents); // before a single event is built
        IngestEventBatchRequest request = parse(format, body, IngestEventBatchRequest.newBuilder()).build();
        int count = request.getEventsCount();
        if (count == 0 || count > maxBatchEvents) {
            throw new ApiException(400, "invalid_request", "a batch holds 1 to " + maxBatchEvents + " events",
                    List.of(new dev.causality.validate.Violation("events",
                            "has " + count + " events; must have 1 to " + maxBatchEvents)));
        }
        return request;
    }

    private static <B extends com.google.protobuf.Message.Builder> B parse(WireFormat format, byte[] body, B builder) {
        try {
            return format.parse(body, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // RuntimeException: the JSON parser throws unchecked errors for some malformed input
            throw ApiException.badRequest("malformed_request", "the body is not a valid "
                    + (format == WireFormat.JSON ? "protobuf JSON " : "binary protobuf ")
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }
}
