package dev.causality.jetstream;

import io.nats.client.Message;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the body, a {@code List<}{@link Message}{@code >}, to the endpoint's stream pipelined:
 * every message is sent, then every ack awaited against one deadline ({@code publishTimeout}). The
 * body becomes the {@code List<}{@link EventPublisher.Outcome}{@code >}, one per message in order,
 * so the route can tell each message stored from each failed. camel-nats 4.17 waits for each ack
 * before sending the next message.
 */
public class JetStreamProducer extends DefaultProducer {

    private final EventPublisher publisher;

    JetStreamProducer(JetStreamEndpoint endpoint, NatsConnector nats) {
        super(endpoint);
        this.publisher = new EventPublisher(nats, endpoint.getStream(), endpoint.getPublishTimeout());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<Message> body = exchange.getMessage().getMandatoryBody(List.class);
        // the publisher takes its own list and drops each message once sent: neither the body nor this
        // frame holds a request's messages while their acks are awaited
        List<Message> messages = new ArrayList<>(body);
        body = null;
        exchange.getMessage().setBody(null);
        exchange.getMessage().setBody(publisher.publishTaking(messages));
    }
}
