package dev.causality.http;

import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headers Vert.x fails on before any route runs (found by bin/faults' fuzzer, which got HTML 500s):
 * each is a client mistake and gets a JSON 4xx, and nothing is stored.
 */
class UnreadableHeadersTest {

    static NatsServer nats;
    static CausalityApp app;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        nats = NatsServer.started();
        app = CausalityApp.start(nats.url(), Map.of());
        http = app.http();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        nats.close();
    }

    @Test
    void aContentTypeWhoseParametersDoNotParseIs400() {
        for (String contentType : new String[]{"application/json; charset=\"", "application/x-protobuf; a=\""}) {
            Response response = http.post("/v1/events/ingest", contentType, "{}".getBytes());
            assertEquals(400, response.status(), contentType + ": " + response.text());
            assertTrue(response.text().contains("\"malformed_request\""), response.text());
            assertEquals("application/json", response.header("Content-Type"));
        }
        assertEquals(0, nats.messageCount("EVENTS"));
        assertEquals(200, http.get("/ready").status());
    }

    @Test
    void aFormOnAMethodWithoutABodyIs415() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String contentType : new String[]{"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            for (String path : new String[]{"/health", "/v1/events/ingest"}) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                        .timeout(Duration.ofSeconds(15)).header("Content-Type", contentType)
                        .method("GET", HttpRequest.BodyPublishers.ofString("a=b")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(415, response.statusCode(), contentType + " on GET " + path + ": " + response.body());
                assertTrue(response.body().contains("\"unsupported_media_type\""), response.body());
            }
        }
        assertEquals(200, http.get("/health").status(), "a GET without a form body is untouched");
    }
}
