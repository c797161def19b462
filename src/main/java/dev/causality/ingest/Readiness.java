package dev.causality.ingest;

import dev.causality.http.ShutdownDrain;
import dev.causality.access.KeyRegistry;
import dev.causality.jetstream.NatsConnector;
import dev.causality.lake.LakeHealth;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GET /ready: 200 only once every route runs, the write keys are loaded, while NATS is connected and
 * JetStream answers, and while the lake (when the sink runs here) does not refuse writes for good;
 * else 503 with the reason; 503 from the moment the process is told to stop, so a load balancer
 * sends nothing more.
 */
public class Readiness implements Processor {

    private final NatsConnector nats;
    private final ShutdownDrain drain;
    private final KeyRegistry keys;
    private final LakeHealth lake;

    /** @param lake null when no sink runs in this process */
    public Readiness(NatsConnector nats, ShutdownDrain drain, KeyRegistry keys, LakeHealth lake) {
        this.nats = nats;
        this.drain = drain;
        this.keys = keys;
        this.lake = lake;
    }

    @Override
    public void process(Exchange exchange) {
        boolean stopping = drain.isDraining();
        boolean natsReady = !stopping && nats.isReady(); // one JetStream round trip
        List<String> starting = StartingRoutes.of(exchange.getContext());
        String lakeProblem = lake == null ? null : lake.problem().orElse(null);
        boolean ready = natsReady && starting.isEmpty() && keys.isLoaded() && lakeProblem == null;
        String reason = ready ? "" : stopping ? "shutting down" : !nats.isConnected() ? "NATS is not connected"
                : !natsReady ? "JetStream does not answer"
                : !starting.isEmpty() ? "not running yet (starting up, or stopped): " + String.join(", ", starting)
                : !keys.isLoaded() ? "the write keys are not loaded from NATS yet"
                : "the lake refuses writes: " + lakeProblem;
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        String body = ready ? "{\"status\":\"ready\"}" : "{\"status\":\"not_ready\",\"reason\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        exchange.getMessage().setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))); // see EncodeResponse
    }
}
