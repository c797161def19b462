package dev.causality.batch;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** Collects the {@link StoredEvent}s of one partition into an {@link EventBatch}. */
public class PartitionAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange eventExchange) {
        StoredEvent event = eventExchange.getMessage().getBody(StoredEvent.class);
        if (batchExchange == null) {
            EventBatch batch = new EventBatch(event.partition());
            batch.add(event);
            eventExchange.getMessage().setBody(batch);
            return eventExchange;
        }
        batchExchange.getMessage().getBody(EventBatch.class).add(event);
        return batchExchange;
    }
}
