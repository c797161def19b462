package dev.causality.batch;

import dev.causality.jetstream.Delivery;
import dev.causality.jetstream.JetStreamConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * Sink, step 2: the messages of one fetch join the open batch of their partition. The body becomes
 * the list of batches this completed (by count, bytes or the open-batch limits), or every open
 * batch when the consumer stops. Messages refused by {@link DecodeStoredEvent} go to the
 * {@link #REJECTED} property, for the dead-letter step.
 */
public class BatchByPartition implements Processor {

    /** Exchange property: the {@link ToDeadLetters.Rejected} messages of the fetch. */
    public static final String REJECTED = "CausalityRejected";

    private final DecodeStoredEvent decoder;
    private final OpenBatches batches;

    public BatchByPartition(DecodeStoredEvent decoder, OpenBatches batches) {
        this.decoder = decoder;
        this.batches = batches;
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Delivery> deliveries = exchange.getMessage().getBody(List.class);
        List<StoredEvent> events = new ArrayList<>(deliveries.size());
        List<ToDeadLetters.Rejected> rejected = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            try {
                events.add(decoder.decode(delivery));
            } catch (DeadLetterException e) {
                rejected.add(new ToDeadLetters.Rejected(delivery, e.getMessage()));
            }
        }
        List<EventBatch> completed = new ArrayList<>(batches.add(events, System.currentTimeMillis()));
        if (exchange.getMessage().getHeader(JetStreamConsumer.STOPPING, false, Boolean.class)) {
            completed.addAll(batches.all());
        }
        if (!rejected.isEmpty()) {
            exchange.setProperty(REJECTED, rejected);
        }
        exchange.getMessage().setBody(completed);
    }
}
