package dev.causality.ingest;

import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchSizeTest {

    private static byte[] protobuf(int events) {
        IngestEventBatchRequest.Builder batch = IngestEventBatchRequest.newBuilder();
        for (int i = 0; i < events; i++) {
            batch.addEvents(EventEnvelope.newBuilder().setAppId("a"));
        }
        return batch.build().toByteArray();
    }

    private static byte[] json(int events) {
        return ("{\"other\": {\"events\": [1, 2]}, \"events\": [" + "{\"appId\": \"a\"},".repeat(events - 1)
                + "{}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsTheEventsOfBothFormats() {
        assertDoesNotThrow(() -> BatchSize.check(WireFormat.PROTOBUF, protobuf(10), 10));
        assertDoesNotThrow(() -> BatchSize.check(WireFormat.JSON, json(10), 10));
        ApiException protobuf = assertThrows(ApiException.class, () -> BatchSize.check(WireFormat.PROTOBUF, protobuf(11), 10));
        assertEquals(400, protobuf.status());
        assertEquals("invalid_request", protobuf.code());
        assertThrows(ApiException.class, () -> BatchSize.check(WireFormat.JSON, json(11), 10));
    }

    @Test
    void leavesMalformedBodiesToTheParser() {
        assertDoesNotThrow(() -> BatchSize.check(WireFormat.PROTOBUF, new byte[] {10, 100, 1}, 10));
        assertDoesNotThrow(() -> BatchSize.check(WireFormat.JSON, "{\"events\": [{".getBytes(StandardCharsets.UTF_8), 10));
        assertDoesNotThrow(() -> BatchSize.check(WireFormat.JSON, "[]".getBytes(StandardCharsets.UTF_8), 10));
    }
}
