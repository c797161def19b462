package dev.causality.batch;

import dev.causality.query.PartitionRegistrar;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Sink, step 6: tells Trino (in the background) about the partition a file was just written to. */
public class RegisterPartition implements Processor {

    private final PartitionRegistrar registrar;

    /** @param registrar null when no Trino is configured: then this step does nothing */
    public RegisterPartition(PartitionRegistrar registrar) {
        this.registrar = registrar;
    }

    @Override
    public void process(Exchange exchange) {
        if (registrar != null) {
            registrar.written(exchange.getProperty(EncodeParquet.BATCH, EventBatch.class).partition());
        }
    }
}
