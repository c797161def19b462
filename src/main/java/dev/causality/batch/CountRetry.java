package dev.causality.batch;

import dev.causality.lake.LakeHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs before each retry of a lake write: counts it, so an outage shows on the dashboard, and tells
 * {@link LakeHealth} why it failed, so a refusal that needs an operator is reported.
 */
public class CountRetry implements Processor {

    private final Counter retries;
    private final LakeHealth lake;

    public CountRetry(MeterRegistry registry, LakeHealth lake) {
        this.lake = lake;
        retries = Counter.builder("causality.sink.write.retries")
                .description("Retries of lake writes (lake unreachable or failing)").register(registry);
    }

    @Override
    public void process(Exchange exchange) {
        retries.increment();
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            lake.failed(failure);
        }
    }
}
