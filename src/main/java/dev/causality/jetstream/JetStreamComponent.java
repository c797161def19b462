package dev.causality.jetstream;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.DefaultComponent;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code jetstream:<stream>}: a consumer on a durable JetStream pull consumer that hands each fetch
 * to the route unacknowledged, for the route to ack once the messages are safely written.
 * camel-nats 4.17 acks when the route returns (push) or never fetches (pull), hence this component.
 */
public class JetStreamComponent extends DefaultComponent {

    private final NatsConnector nats;
    private final Set<JetStreamConsumer> consumers = ConcurrentHashMap.newKeySet();

    public JetStreamComponent(NatsConnector nats) {
        this.nats = nats;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        // Drain consumers when the context starts to stop, before Camel shuts any route down:
        // their last batches need the whole sink route still running.
        getCamelContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                Duration timeout = Duration.ofSeconds(Math.max(1, getCamelContext().getShutdownStrategy().getTimeout() / 2));
                consumers.forEach(consumer -> consumer.drain(timeout));
            }
        });
    }

    void register(JetStreamConsumer consumer) {
        consumers.add(consumer);
    }

    void unregister(JetStreamConsumer consumer) {
        consumers.remove(consumer);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        JetStreamEndpoint endpoint = new JetStreamEndpoint(uri, this, nats, remaining);
        setProperties(endpoint, parameters); // an unknown option fails the route's start
        return endpoint;
    }
}
