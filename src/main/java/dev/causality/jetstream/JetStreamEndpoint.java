package dev.causality.jetstream;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.time.Duration;

/**
 * {@code jetstream:<stream>}: as a consumer, a durable pull consumer of the stream (see
 * {@link JetStreamConsumer}); as a producer, pipelined publishing to it (see
 * {@link JetStreamProducer}). The options and their defaults are declared here, once.
 */
@UriEndpoint(firstVersion = "1.0", scheme = "jetstream", title = "JetStream", syntax = "jetstream:stream",
        category = {Category.MESSAGING}, headersClass = JetStreamConsumer.class)
public class JetStreamEndpoint extends DefaultEndpoint {

    @UriPath(description = "The stream to read or publish to") @Metadata(required = true)
    private String stream;
    @UriParam(label = "consumer", defaultValue = "warehouse-sink",
            description = "The durable consumer's name, shared by every instance")
    private String durable = "warehouse-sink";
    @UriParam(label = "consumer", description = "The subjects to read (none: the whole stream)")
    private String filterSubject;
    @UriParam(label = "consumer", defaultValue = "60s", javaType = "java.time.Duration",
            description = "How long JetStream waits for an ack before redelivering (held messages are kept alive)")
    private Duration ackWait = Duration.ofSeconds(60);
    @UriParam(label = "consumer", defaultValue = "10000",
            description = "Messages this instance holds unacked at most")
    private int maxInFlight = 10_000;
    @UriParam(label = "consumer", defaultValue = "67108864",
            description = "Bytes of the messages this instance holds unacked at most")
    private long maxInFlightBytes = 64L << 20;
    @UriParam(label = "consumer", defaultValue = "100000",
            description = "Messages unacked across all instances at most (the durable consumer's max_ack_pending)")
    private long maxAckPending = 100_000;
    @UriParam(label = "consumer", defaultValue = "500", description = "Messages asked for per fetch at most")
    private int fetchBatch = 500;
    @UriParam(label = "producer", defaultValue = "2s", javaType = "java.time.Duration",
            description = "How long a publish waits for JetStream's acks of all its messages")
    private Duration publishTimeout = Duration.ofSeconds(2);

    private final NatsConnector nats;

    JetStreamEndpoint(String uri, JetStreamComponent component, NatsConnector nats, String stream) {
        super(uri, component);
        this.nats = nats;
        this.stream = stream;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JetStreamConsumer consumer = new JetStreamConsumer(this, processor, nats);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        return new JetStreamProducer(this, nats);
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getDurable() {
        return durable;
    }

    public void setDurable(String durable) {
        this.durable = durable;
    }

    public String getFilterSubject() {
        return filterSubject;
    }

    public void setFilterSubject(String filterSubject) {
        this.filterSubject = filterSubject;
    }

    public Duration getAckWait() {
        return ackWait;
    }

    public void setAckWait(Duration ackWait) {
        this.ackWait = ackWait;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public long getMaxInFlightBytes() {
        return maxInFlightBytes;
    }

    public void setMaxInFlightBytes(long maxInFlightBytes) {
        this.maxInFlightBytes = maxInFlightBytes;
    }

    public long getMaxAckPending() {
        return maxAckPending;
    }

    public void setMaxAckPending(long maxAckPending) {
        this.maxAckPending = maxAckPending;
    }

    public Duration getPublishTimeout() {
        return publishTimeout;
    }

    public void setPublishTimeout(Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }

    public int getFetchBatch() {
        return fetchBatch;
    }

    public void setFetchBatch(int fetchBatch) {
        this.fetchBatch = fetchBatch;
    }
}
