package dev.causality.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs before each retry of a lake write: counts it, so an outage shows on the dashboard. */
public class CountRetry implements Processor {

    private final Counter retries;

    public CountRetry(MeterRegistry registry) {
        retries = Counter.builder("causality.sink.write.retries")
                .description("Retries of lake writes (lake unreachable or failing)").register(registry);
    }

    @Override
    public void process(Exchange exchange) {
        retries.increment();
    }
}
