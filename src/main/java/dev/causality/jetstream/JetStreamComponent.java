package dev.causality.jetstream;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.time.Duration;
import java.util.Map;

/**
 * {@code jetstream:<stream>}: a consumer on a durable JetStream pull consumer that hands each
 * message to the route unacknowledged, for the route to ack once the message is safely written.
 * camel-nats 4.17 acks when the route returns (push) or never fetches (pull), hence this component.
 */
public class JetStreamComponent extends DefaultComponent {

    private final NatsConnector nats;

    public JetStreamComponent(NatsConnector nats) {
        this.nats = nats;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        JetStreamEndpoint.Options options = new JetStreamEndpoint.Options(
                remaining,
                getAndRemoveParameter(parameters, "durable", String.class, "warehouse-sink"),
                getAndRemoveParameter(parameters, "filterSubject", String.class, ">"),
                duration(getAndRemoveParameter(parameters, "ackWait", String.class, "60s")),
                getAndRemoveParameter(parameters, "maxDeliver", Integer.class, 5),
                getAndRemoveParameter(parameters, "maxInFlight", Integer.class, 10_000),
                getAndRemoveParameter(parameters, "fetchBatch", Integer.class, 500),
                getAndRemoveParameter(parameters, "maxOpenBatches", Integer.class, 100),
                getAndRemoveParameter(parameters, "batchAggregator", String.class, null));
        return new JetStreamEndpoint(uri, this, nats, options);
    }

    private static Duration duration(String text) {
        return Duration.ofMillis(org.apache.camel.util.TimeUtils.toMilliSeconds(text));
    }
}
