package dev.causality.jetstream;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import java.time.Duration;

/** A durable pull consumer of one stream; see {@link JetStreamComponent}. Consumer only. */
public class JetStreamEndpoint extends DefaultEndpoint {

    /**
     * @param stream          the stream to read
     * @param durable         the durable consumer's name, shared by every instance
     * @param filterSubject   the subjects to read
     * @param ackWait         how long JetStream waits for an ack before redelivering (kept alive while held)
     * @param maxDeliver      deliveries after which a message is dead-lettered instead of processed again
     * @param maxInFlight     messages held unacked by this instance at most (flow control)
     * @param maxAckPending   messages unacked across all instances at most (the durable consumer's limit)
     * @param fetchBatch      messages asked for per pull request
     * @param maxOpenBatches  open aggregation groups (partitions) at most before all are flushed
     * @param batchAggregator id of the aggregate step to flush when a limit is reached
     */
    public record Options(String stream, String durable, String filterSubject, Duration ackWait, int maxDeliver,
                          int maxInFlight, long maxAckPending, int fetchBatch, int maxOpenBatches, String batchAggregator) {
    }

    private final NatsConnector nats;
    private final Options options;

    JetStreamEndpoint(String uri, JetStreamComponent component, NatsConnector nats, Options options) {
        super(uri, component);
        this.nats = nats;
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JetStreamConsumer consumer = new JetStreamConsumer(this, processor, nats, options);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("jetstream: is a consumer only; publish with EventPublisher");
    }
}
