package dev.causality.jetstream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer's gauges: messages pending for the durable consumer (all instances, read from the
 * server every few seconds), and messages and bytes this instance holds.
 */
final class ConsumerGauges {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGauges.class);

    private final NatsConnector nats;
    private final String stream;
    private final String durable;
    private final AtomicLong pending = new AtomicLong();

    ConsumerGauges(NatsConnector nats, String stream, String durable) {
        this.nats = nats;
        this.stream = stream;
        this.durable = durable;
    }

    void register(MeterRegistry meters, HeldMessages held) {
        Gauge.builder("causality.sink.consumer.pending", pending, AtomicLong::get)
                .description("Messages of the durable consumer not yet acked: undelivered plus in flight, all instances")
                .tag("consumer", durable).register(meters);
        Gauge.builder("causality.sink.consumer.held", held, HeldMessages::count)
                .description("Messages this instance holds unacked, in open or uploading batches")
                .tag("consumer", durable).register(meters);
        Gauge.builder("causality.sink.consumer.held.bytes", held, HeldMessages::bytes).baseUnit("bytes")
                .description("Bytes of the messages this instance holds unacked")
                .tag("consumer", durable).register(meters);
    }

    /** Reads the consumer's pending count from the server. */
    void refreshPending() {
        if (!nats.isConnected()) {
            return;
        }
        try {
            ConsumerInfo info = nats.management().getConsumerInfo(stream, durable);
            pending.set(info.getNumPending() + info.getNumAckPending());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("Cannot read consumer info: {}", e.toString());
        }
    }
}
