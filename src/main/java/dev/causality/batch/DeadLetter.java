package dev.causality.batch;

import dev.causality.jetstream.DeadLetters;
import dev.causality.jetstream.Delivery;
import dev.causality.jetstream.JetStreamConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/** Sends the message of the exchange, or every message of its batch, to the dead-letter stream. */
public class DeadLetter implements Processor {

    private final DeadLetters deadLetters;
    private final SinkMetrics metrics;

    public DeadLetter(DeadLetters deadLetters, SinkMetrics metrics) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        EventBatch batch = exchange.getProperty(EncodeParquet.BATCH, EventBatch.class);
        List<Delivery> deliveries = batch != null
                ? batch.events().stream().map(StoredEvent::delivery).toList()
                : List.of(exchange.getProperty(JetStreamConsumer.DELIVERY, Delivery.class));
        for (Delivery delivery : deliveries) {
            deadLetters.deadLetter(delivery, reason);
        }
        metrics.deadLettered(deliveries.size());
    }
}
