package dev.causality.jetstream;

import dev.causality.testsupport.FreePorts;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatsConnectorTest {

    /**
     * The sink's writer threads each flush their acks. jnats drops the connection when more than
     * two PINGs are unanswered, so unshared concurrent flushes caused reconnect storms (and lost acks).
     */
    @Test
    void concurrentFlushesShareOnePingAndKeepTheConnection() throws Exception {
        try (NatsServer server = NatsServer.started()) {
            NatsConnector nats = new NatsConnector(server.url(), Duration.ofSeconds(5), List.of());
            nats.start();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            try {
                await("connected").atMost(Duration.ofSeconds(10)).until(nats::isConnected);
                byte[] ack = "+ACK".getBytes(StandardCharsets.US_ASCII);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(writers.submit(() -> {
                        for (int i = 0; i < 300; i++) {
                            nats.connection().publish("acks.test", ack);
                            nats.flush(Duration.ofSeconds(5));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(60, TimeUnit.SECONDS);
                }
                assertEquals(0, nats.connection().getStatistics().getReconnects(), "reconnects");
            } finally {
                writers.shutdownNow();
                nats.stop();
            }
        }
    }

    /** Before the first connection a flush says so, instead of a NullPointerException. */
    @Test
    void flushBeforeTheFirstConnectionSaysSo() throws Exception {
        String nowhere = "nats://127.0.0.1:" + FreePorts.next();
        NatsConnector nats = new NatsConnector(nowhere, Duration.ofSeconds(1), List.of());
        nats.start();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> nats.flush(Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("not connected to NATS yet (" + nowhere + ")"), e.getMessage());
        } finally {
            nats.stop();
        }
    }
}
