package dev.causality.jetstream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two gauges an operator asks first, read from JetStream every few seconds: how old is the
 * oldest event the sink has not yet acked (how far behind the lake is), and how many messages wait
 * in the dead-letter stream. Both are stream-wide, the same on every instance.
 */
public class StreamBacklog extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StreamBacklog.class);
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final NatsConnector nats;
    private final String stream;
    private final String durable;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicLong oldestUnackedMillis = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private ScheduledExecutorService timer;

    public StreamBacklog(NatsConnector nats, String stream, String durable, MeterRegistry meters, Clock clock) {
        this.nats = nats;
        this.stream = stream;
        this.durable = durable;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    protected void doStart() {
        Gauge.builder("causality.sink.oldest.unacked.age.seconds", oldestUnackedMillis, millis -> millis.get() / 1000.0)
                .description("Age of the oldest message the sink has not yet acked (0: nothing pending): how far behind the lake is")
                .tag("consumer", durable).register(meters);
        Gauge.builder("causality.dlq.messages", deadLetters, AtomicLong::get)
                .description("Messages in the dead-letter stream " + DeadLetters.STREAM + ", waiting for a look and a replay")
                .register(meters);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stream-backlog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void refresh() {
        if (!nats.isConnected()) {
            return;
        }
        try {
            deadLetters.set(nats.management().getStreamInfo(DeadLetters.STREAM).getStreamState().getMsgCount());
            oldestUnackedMillis.set(oldestUnacked().toMillis());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("Cannot read the backlog of {}: {}", stream, e.toString());
        }
    }

    /** The oldest message above the consumer's ack floor: everything below it is acked. */
    private Duration oldestUnacked() throws IOException, JetStreamApiException {
        ConsumerInfo consumer = nats.management().getConsumerInfo(stream, durable);
        if (consumer.getNumPending() + consumer.getNumAckPending() == 0) {
            return Duration.ZERO;
        }
        long firstUnacked = consumer.getAckFloor().getStreamSequence() + 1;
        MessageInfo oldest = nats.management().getNextMessage(stream, firstUnacked,
                consumer.getConsumerConfiguration().getFilterSubject());
        Duration age = Duration.between(oldest.getTime().toInstant(), clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }
}
