package dev.causality.batch;

import dev.causality.jetstream.DeadLetters;
import dev.causality.jetstream.EventPublisher;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * After {@code jetstream:EVENTS_DLQ}: a message whose dead letter is stored is terminated in
 * {@code EVENTS}; one whose dead letter failed goes back to JetStream for redelivery (nak), so none
 * stays held until a restart and none is lost.
 */
public class SettleDeadLetters implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SettleDeadLetters.class);
    static final Duration REDELIVER_AFTER = Duration.ofSeconds(5);

    private final SinkMetrics metrics;

    public SettleDeadLetters(SinkMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<ToDeadLetters.Rejected> pending = exchange.getProperty(ToDeadLetters.PENDING, List.class);
        @SuppressWarnings("unchecked")
        List<EventPublisher.Outcome> outcomes = exchange.getMessage().getBody(List.class);
        exchange.removeProperty(ToDeadLetters.PENDING);
        int stored = 0;
        String failure = null;
        for (int i = 0; i < pending.size(); i++) {
            ToDeadLetters.Rejected message = pending.get(i);
            EventPublisher.Outcome outcome = outcomes.get(i);
            if (outcome.stored()) {
                message.delivery().term();
                stored++;
                LOG.warn("Dead-lettered message {} of {} to {}: {}", message.delivery().streamSequence(),
                        message.delivery().subject(), DeadLetters.STREAM, message.reason());
            } else {
                message.delivery().nak(REDELIVER_AFTER);
                failure = outcome.error();
            }
        }
        metrics.deadLettered(stored);
        if (failure != null) {
            LOG.warn("{} dead letters could not be stored ({}); their messages go back to JetStream, to be redelivered",
                    pending.size() - stored, failure);
        }
    }
}
