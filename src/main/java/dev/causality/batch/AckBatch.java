package dev.causality.batch;

import dev.causality.jetstream.NatsConnector;
import dev.causality.lake.LakeHealth;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Sink, step 5: the file is in the lake, so every message of the batch is acked. */
public class AckBatch implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AckBatch.class);

    private final NatsConnector nats;
    private final SinkMetrics metrics;
    private final LakeHealth lake;

    public AckBatch(NatsConnector nats, SinkMetrics metrics, LakeHealth lake) {
        this.nats = nats;
        this.metrics = metrics;
        this.lake = lake;
    }

    @Override
    public void process(Exchange exchange) {
        EventBatch batch = exchange.getProperty(EncodeParquet.BATCH, EventBatch.class);
        long encodedAt = exchange.getProperty(EncodeParquet.ENCODED_AT, Long.class);
        Duration upload = Duration.ofNanos(System.nanoTime() - encodedAt);
        lake.written();
        for (StoredEvent event : batch.events()) {
            event.delivery().ack();
        }
        try {
            // Acks are fire-and-forget; a flush makes sure they left before we report the batch done.
            // A lost ack only means a redelivery, i.e. a duplicate row, never a loss.
            nats.flush(Duration.ofSeconds(5));
        } catch (Exception e) {
            LOG.warn("Acks of {} may not have reached NATS ({}); those events may be written again",
                    batch.events().size(), e.toString());
        }
        int bytes = exchange.getMessage().getBody(byte[].class).length;
        metrics.written(batch.events().size(), bytes, upload);
        LOG.debug("Wrote {} events ({} bytes) to {}", batch.events().size(), bytes,
                exchange.getMessage().getHeader(Exchange.FILE_NAME));
    }
}
