package dev.causality.http;

import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limits an API request meets before its body is read: requests in flight, slow bodies, idle connections. */
class RequestLimitsTest {

    static NatsServer nats;
    static CausalityApp app;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        nats = NatsServer.started();
        app = CausalityApp.start(nats.url(), Map.of("ingest.max-in-flight", "2", "nats.publish-timeout", "30s",
                "http.read-timeout", "1s", "http.idle-timeout", "3s"));
        http = app.http();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        nats.close();
    }

    private static byte[] event() {
        return IngestEventRequest.newBuilder().setEvent(Events.buttonTap("shop", "d")).build().toByteArray();
    }

    @Test
    void beyondTheRequestsInFlightAnswers503AtOnce() throws Exception {
        nats.freeze(); // publishes hang: the requests stay in flight
        List<CompletableFuture<Response>> held;
        try {
            held = List.of(
                    CompletableFuture.supplyAsync(() -> http.post("/v1/events/ingest", "application/x-protobuf", event())),
                    CompletableFuture.supplyAsync(() -> http.post("/v1/events/ingest", "application/x-protobuf", event())));
            await("two requests in flight").atMost(Duration.ofSeconds(20))
                    .until(() -> app.context().getInflightRepository().size() == 2);
            Response refused = http.post("/v1/events/batch", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(503, refused.status(), refused.text());
            assertEquals("1", refused.header("Retry-After"));
            assertTrue(refused.text().contains("\"code\":\"unavailable\""), refused.text());
            assertEquals(200, http.get("/health").status(), "operator endpoints are not limited");
        } finally {
            nats.thaw();
        }
        for (CompletableFuture<Response> request : held) {
            assertEquals(200, request.get(60, TimeUnit.SECONDS).status());
        }
        assertEquals(200, http.post("/v1/events/ingest", "application/x-protobuf", event()).status(),
                "the slots are free again");
    }

    @Test
    void aBodyThatDoesNotArriveInTimeClosesItsConnection() throws Exception {
        URI uri = URI.create(http.baseUrl());
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/events/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // a byte every 200 ms: never idle, never done
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException e) {
                    // closed by the server: what the test waits for
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            assertClosedByServer(socket.getInputStream());
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        URI uri = URI.create(http.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            assertClosedByServer(socket.getInputStream());
        }
    }

    /** Reads until the server closes the connection; a read timeout (30 s) fails the test. */
    private static void assertClosedByServer(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // whatever the server said before closing
            }
        } catch (java.net.SocketException reset) {
            // closed with a reset: closed all the same
        }
    }
}
