package dev.causality.ingest;

import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.testsupport.Events;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The client's send time read from every wire format, single and batch. */
class DecodeRequestTest {

    static final String EVENT = "{\"appId\": \"shop\", \"deviceId\": \"d1\", \"screenView\": {\"screenName\": \"home\"}}";

    @Test
    void readsSentAtFromProtobufJson() {
        assertEquals(1_700_000_000_123L, decode(false, "application/json",
                "{\"sentAtMs\": \"1700000000123\", \"event\": " + EVENT + "}").sentAtMs(), "lowerCamel, int64 as string");
        assertEquals(1_700_000_000_123L, decode(false, "application/json",
                "{\"sent_at_ms\": 1700000000123, \"event\": " + EVENT + "}").sentAtMs(), "snake_case, int64 as number");
        assertEquals(1_700_000_000_123L, decode(true, "application/json",
                "{\"sentAtMs\": 1700000000123, \"events\": [" + EVENT + "]}").sentAtMs());
        assertEquals(0, decode(true, "application/json", "{\"events\": [" + EVENT + "]}").sentAtMs(), "absent: unknown");
    }

    @Test
    void readsSentAtFromBinaryProtobuf() {
        IngestRequest single = decode(false, "application/x-protobuf", IngestEventRequest.newBuilder()
                .setEvent(Events.buttonTap("shop", "d1")).setSentAtMs(42_000L).build().toByteArray());
        assertEquals(42_000L, single.sentAtMs());
        IngestRequest batch = decode(true, "application/octet-stream", IngestEventBatchRequest.newBuilder()
                .addEvents(Events.buttonTap("shop", "d1")).setSentAtMs(43_000L).build().toByteArray());
        assertEquals(43_000L, batch.sentAtMs());
        assertEquals(1, batch.events().size());
    }

    @Test
    void aNegativeSendTimeIsAClientMistake() {
        ApiException e = assertThrows(ApiException.class, () -> decode(false, "application/json",
                "{\"sentAtMs\": -5, \"event\": " + EVENT + "}"));
        assertEquals(400, e.status());
    }

    static IngestRequest decode(boolean batch, String contentType, String body) {
        return decode(batch, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static IngestRequest decode(boolean batch, String contentType, byte[] body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
        new DecodeRequest(batch, 1 << 20, 1000, 100).process(exchange);
        return exchange.getMessage().getBody(IngestRequest.class);
    }
}
