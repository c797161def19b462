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
        // the publisher takes its own copy and drops each message once sent; with the body cleared
        // nothing holds a request's messages while their acks are awaited
        @SuppressWarnings("unchecked")
        List<Message> messages = new ArrayList<Message>(exchange.getMessage().getMandatoryBody(List.class));
        exchange.getMessage().setBody(null);
        exchange.getMessage().setBody(publisher.publishTaking(messages));
    }
}
