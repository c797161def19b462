package dev.causality.batch;

import dev.causality.jetstream.DeadLetters;
import dev.causality.jetstream.Delivery;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends messages the sink gives up on to the dead-letter stream: the messages a fetch refused
 * ({@link BatchByPartition#REJECTED}), or every message of a batch that cannot be written. If a
 * dead-letter publish fails, every message not yet dead-lettered goes back to JetStream for
 * redelivery (nak): none stays held until a restart, none is lost.
 */
public class DeadLetter implements Processor {

    /** A message refused, with the reason. */
    public record Rejected(Delivery delivery, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetter.class);
    static final Duration REDELIVER_AFTER = Duration.ofSeconds(5);

    private final DeadLetters deadLetters;
    private final SinkMetrics metrics;

    public DeadLetter(DeadLetters deadLetters, SinkMetrics metrics) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Rejected> rejected = exchange.getProperty(BatchByPartition.REJECTED, List.class);
        if (rejected == null) {
            EventBatch batch = exchange.getProperty(EncodeParquet.BATCH, EventBatch.class);
            if (batch == null) {
                return;
            }
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            String reason = cause == null ? "unknown" : cause.getMessage();
            rejected = new ArrayList<>(batch.size());
            for (StoredEvent event : batch.events()) {
                rejected.add(new Rejected(event.delivery(), reason));
            }
        }
        exchange.removeProperty(BatchByPartition.REJECTED);
        int done = 0;
        try {
            for (Rejected message : rejected) {
                deadLetters.deadLetter(message.delivery(), message.reason());
                done++;
            }
        } catch (RuntimeException e) {
            LOG.warn("Dead-lettering failed ({}); {} messages go back to JetStream, to be redelivered",
                    e.getMessage(), rejected.size() - done);
            rejected.forEach(message -> message.delivery().nak(REDELIVER_AFTER));
        } finally {
            metrics.deadLettered(done);
        }
    }
}
