package dev.causality.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The body becomes the open batches that reached their age (batch.flush-interval after their first event). */
public class CompleteAgedBatches implements Processor {

    private final OpenBatches batches;

    public CompleteAgedBatches(OpenBatches batches) {
        this.batches = batches;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(batches.aged(System.currentTimeMillis()));
    }
}
