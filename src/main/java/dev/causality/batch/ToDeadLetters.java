package dev.causality.batch;

import dev.causality.jetstream.DeadLetters;
import dev.causality.jetstream.Delivery;
import io.nats.client.Message;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * The body becomes the dead letters to publish to {@code jetstream:EVENTS_DLQ}: of the messages a
 * fetch refused ({@link BatchByPartition#REJECTED}), or of every message of a batch that cannot be
 * written (the caught exception is the reason). The messages they are for wait in {@link #PENDING}
 * for {@link SettleDeadLetters}.
 */
public class ToDeadLetters implements Processor {

    /** A message refused, with the reason. */
    public record Rejected(Delivery delivery, String reason) {
    }

    /** Exchange property: the {@link Rejected} messages the body's dead letters are for, in order. */
    public static final String PENDING = "CausalityDeadLettersPending";

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Rejected> rejected = exchange.getProperty(BatchByPartition.REJECTED, List.class);
        exchange.removeProperty(BatchByPartition.REJECTED);
        if (rejected == null) {
            rejected = new ArrayList<>();
            EventBatch batch = exchange.getProperty(EncodeParquet.BATCH, EventBatch.class);
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            String reason = cause == null ? "unknown" : cause.getMessage();
            if (batch != null) {
                for (StoredEvent event : batch.events()) {
                    rejected.add(new Rejected(event.delivery(), reason));
                }
            }
        }
        List<Message> letters = new ArrayList<>(rejected.size());
        for (Rejected message : rejected) {
            letters.add(DeadLetters.message(message.delivery(), message.reason()));
        }
        exchange.setProperty(PENDING, rejected);
        exchange.getMessage().setBody(letters);
    }
}
