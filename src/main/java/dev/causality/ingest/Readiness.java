package dev.causality.ingest;

import dev.causality.http.ShutdownDrain;
import dev.causality.jetstream.NatsConnector;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GET /ready: 200 only once every route runs and while NATS is connected and JetStream answers, else
 * 503; 503 from the moment the process is told to stop, so a load balancer sends nothing more.
 */
public class Readiness implements Processor {

    private final NatsConnector nats;
    private final ShutdownDrain drain;

    public Readiness(NatsConnector nats, ShutdownDrain drain) {
        this.nats = nats;
        this.drain = drain;
    }

    @Override
    public void process(Exchange exchange) {
        boolean stopping = drain.isDraining();
        boolean natsReady = !stopping && nats.isReady(); // one JetStream round trip
        List<String> starting = StartingRoutes.of(exchange.getContext());
        boolean ready = natsReady && starting.isEmpty();
        String reason = ready ? "" : stopping ? "shutting down" : !nats.isConnected() ? "NATS is not connected"
                : !natsReady ? "JetStream does not answer"
                : "not running yet (starting up, or stopped): " + String.join(", ", starting);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        String body = ready ? "{\"status\":\"ready\"}" : "{\"status\":\"not_ready\",\"reason\":\"" + reason + "\"}";
        exchange.getMessage().setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))); // see EncodeResponse
    }
}
