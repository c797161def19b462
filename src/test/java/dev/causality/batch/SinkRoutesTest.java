package dev.causality.batch;

import dev.causality.CausalityConfiguration;
import dev.causality.jetstream.EventPublisher;
import dev.causality.testsupport.Events;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast in-JVM tests of the sink's rules: the real configuration and the real sink YAML, with only
 * the {@code jetstream:} endpoints swapped: the consumer for {@code direct:fetch} (one exchange per
 * fetch, as the consumer sends), the dead-letter producer for a mock that answers "stored". The
 * lake is a local directory. Nothing lost, no duplicates, outages and restarts are proven by the
 * real-server tests (WarehouseSinkTest, SinkResilienceIT); these prove the batching and error rules.
 */
@CamelMainTest(
        configurationClasses = CausalityConfiguration.class,
        replaceRouteFromWith = "warehouse-sink=direct:fetch",
        mockEndpointsAndSkip = "jetstream:EVENTS_DLQ*",
        properties = {
                "camel.main.routes-include-pattern=classpath:routes/warehouse-sink.camel.yaml,"
                        + "classpath:routes/write-batch.camel.yaml,classpath:routes/sink-errors.camel.yaml",
                "camel.server.enabled=false", "camel.server.port=0", "camel.management.enabled=false",
                "camel.main.jmx-enabled=false", "camel.main.shutdown-timeout=5", "camel.routecontroller.enabled=false",
                "log.activity-interval=0",
                "collector.enabled=false", "sink.enabled=true", "ingest.auth=none",
                // nothing listens there: the NATS connection never comes (acks go to the fake deliveries)
                "nats.url=nats://127.0.0.1:1",
                "lake.dir=" + SinkRoutesTest.LAKE,
                "batch.max-events=3", "batch.max-bytes=1000", "batch.flush-interval=2s",
                "sink.retry-delay=50", "sink.retry-max-delay=200"})
class SinkRoutesTest {

    static final String LAKE = "target/sink-routes-test/lake";
    private static final long SMALL = 100; // bytes a small event "holds": 3 fit in batch.max-bytes
    private static final long LARGE = 400; // 3 do not

    @BeanInject
    CamelContext context;

    @EndpointInject("mock:jetstream:EVENTS_DLQ")
    MockEndpoint deadLetters;

    private ProducerTemplate fetches;

    @BeforeEach
    void dlqStoresEverything() {
        fetches = context.createProducerTemplate();
        // as jetstream:EVENTS_DLQ answers: one outcome per dead letter, here all stored
        deadLetters.whenAnyExchangeReceived(exchange -> {
            List<?> letters = exchange.getMessage().getBody(List.class);
            List<EventPublisher.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < letters.size(); i++) {
                outcomes.add(new EventPublisher.Outcome(true, false, null));
            }
            exchange.getMessage().setBody(outcomes);
        });
    }

    @Test
    void aBatchCompletesByCountAndTheRestWaits() throws Exception {
        List<FakeDelivery> fetch = events("count-app", 4, SMALL);
        NotifyBuilder written = new NotifyBuilder(context).fromRoute("write-batch").whenCompleted(1).create();

        fetches.sendBody("direct:fetch", fetch);

        assertTrue(written.matches(20, TimeUnit.SECONDS), "a full batch is written");
        // the batch of batch.max-events is written; the fourth event waits for the next one
        await().atMost(10, TimeUnit.SECONDS).until(() -> settled(fetch.subList(0, 3), FakeDelivery.Settled.ACKED));
        assertNull(fetch.get(3).settled(), "the fourth event is in the next batch, still open");
        assertEquals(1, files("count-app"));
    }

    @Test
    void aBatchCompletesByBytesBeforeItsCount() {
        List<FakeDelivery> fetch = events("bytes-app", 3, LARGE);
        NotifyBuilder written = new NotifyBuilder(context).fromRoute("write-batch").whenCompleted(1).create();

        fetches.sendBody("direct:fetch", fetch);

        assertTrue(written.matches(20, TimeUnit.SECONDS), "a batch at batch.max-bytes is written");
        // 2 x 400 bytes fill the batch: a third would take it over batch.max-bytes
        await().atMost(10, TimeUnit.SECONDS).until(() -> settled(fetch.subList(0, 2), FakeDelivery.Settled.ACKED));
        assertNull(fetch.get(2).settled(), "the third event waits in the next batch");
    }

    @Test
    void aBatchIsWrittenAtItsOwnAgeOneFilePerPartition() throws Exception {
        List<FakeDelivery> first = events("age-app-a", 1, SMALL);
        List<FakeDelivery> second = events("age-app-b", 1, SMALL);
        List<FakeDelivery> fetch = List.of(first.get(0), second.get(0));
        NotifyBuilder written = new NotifyBuilder(context).fromRoute("write-batch").whenCompleted(2).create();
        long sentAt = System.nanoTime();

        fetches.sendBody("direct:fetch", fetch);

        assertTrue(written.matches(20, TimeUnit.SECONDS), "batches below every limit are written at their age");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
        assertTrue(waitedMs >= 2000, "written at batch.flush-interval (2 s) after the first event, not before: " + waitedMs);
        await().atMost(10, TimeUnit.SECONDS).until(() -> settled(fetch, FakeDelivery.Settled.ACKED));
        assertEquals(1, files("age-app-a"), "one file for the partition of app a");
        assertEquals(1, files("age-app-b"), "one file for the partition of app b");
    }

    @Test
    void aMessageThatIsNoEventIsDeadLetteredAndTheRestWritten() throws Exception {
        FakeDelivery garbage = new FakeDelivery(new byte[] {(byte) 0xff, 0x01, 0x02}, 3);
        List<FakeDelivery> events = events("dlq-app", 3, SMALL);
        List<FakeDelivery> fetch = List.of(events.get(0), garbage, events.get(1), events.get(2));
        deadLetters.expectedMessageCount(1);

        fetches.sendBody("direct:fetch", fetch);

        deadLetters.assertIsSatisfied(20_000);
        List<?> letters = deadLetters.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        // the mock replaced the body with its outcomes: the dead letters are in the received copy
        assertEquals(1, deadLetters.getReceivedExchanges().size());
        assertEquals(1, letters.size());
        await().atMost(10, TimeUnit.SECONDS).until(() -> garbage.settled() == FakeDelivery.Settled.TERMINATED);
        await().atMost(10, TimeUnit.SECONDS).until(() -> settled(events, FakeDelivery.Settled.ACKED));
        assertEquals(1, files("dlq-app"));
    }

    @Test
    void aLakeFailureIsRetriedUntilItHealsAndNothingIsDeadLettered() throws Exception {
        // the app's table directory is a plain file: the local lake cannot write the batch
        Path blocked = Path.of(LAKE, "events", "app_id=retry-app");
        Files.createDirectories(blocked.getParent());
        Files.deleteIfExists(blocked);
        Files.writeString(blocked, "not a directory");
        MeterRegistry meters = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        double retriesBefore = retries(meters);
        List<FakeDelivery> fetch = events("retry-app", 3, SMALL);
        NotifyBuilder written = new NotifyBuilder(context).fromRoute("write-batch").whenCompleted(1).create();

        fetches.sendBody("direct:fetch", fetch);

        await().atMost(20, TimeUnit.SECONDS).until(() -> retries(meters) >= retriesBefore + 3);
        assertTrue(fetch.stream().allMatch(delivery -> delivery.settled() == null), "held while the lake fails");
        Files.delete(blocked); // the lake heals

        assertTrue(written.matches(20, TimeUnit.SECONDS), "the batch is written once the lake takes it");
        await().atMost(10, TimeUnit.SECONDS).until(() -> settled(fetch, FakeDelivery.Settled.ACKED));
        assertEquals(1, files("retry-app"));
        deadLetters.expectedMessageCount(0);
        deadLetters.assertIsSatisfied();
    }

    private static List<FakeDelivery> events(String app, int count, long size) {
        List<FakeDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = Events.buttonTap(app, "device-" + i).toBuilder()
                    .setTimestampMs(System.currentTimeMillis()).build().toByteArray();
            deliveries.add(new FakeDelivery(data, size));
        }
        return deliveries;
    }

    private static boolean settled(List<FakeDelivery> deliveries, FakeDelivery.Settled how) {
        return deliveries.stream().allMatch(delivery -> delivery.settled() == how);
    }

    private static double retries(MeterRegistry meters) {
        return meters.find("causality.sink.write.retries").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** The Parquet files the local lake holds for an app (each test has its own apps). */
    private static long files(String app) throws IOException {
        Path table = Path.of(LAKE, "events", "app_id=" + app);
        if (!Files.isDirectory(table)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(table)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    static {
        // a fresh lake for each run of the class (it is under target/)
        Path lake = Path.of(LAKE);
        if (Files.exists(lake)) {
            try (Stream<Path> paths = Files.walk(lake)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
