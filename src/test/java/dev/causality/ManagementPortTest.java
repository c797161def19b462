package dev.causality;

import com.google.gson.JsonParser;
import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator surface lives on the management address, behind credentials, and nowhere on the API's. */
class ManagementPortTest {

    static final String JOLOKIA_READ = "/observe/jolokia/read/org.apache.camel:context=causality,type=routes,"
            + "name=%22ingest-event%22/ExchangesTotal";

    static NatsServer nats;
    static CausalityApp app;

    @BeforeAll
    static void start() {
        nats = NatsServer.started();
        app = CausalityApp.start(nats.url(), Map.of("management.user", "ops", "management.password", "m4nage-Secret"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        nats.close();
    }

    @Test
    void apiPortServesNothingUnderObserve() {
        HttpTestClient api = new HttpTestClient(app.baseUrl());
        for (String path : new String[] {"/observe/metrics", "/observe/health", "/observe/info", JOLOKIA_READ,
                "/observe/jolokia/exec/org.apache.camel:context=causality,type=routes,name=%22ingest-event%22/stop()"}) {
            Response response = api.get(path);
            assertEquals(404, response.status(), path + ": " + response.text());
            assertEquals("not_found", JsonParser.parseString(response.text()).getAsJsonObject().get("code").getAsString());
        }
        assertEquals(200, api.get("/health").status());
        assertEquals(200, api.get("/ready").status());
        assertEquals(200, api.postJson("/v1/events/ingest", "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\","
                + "\"screenView\":{\"screenName\":\"home\"}}}").status(), "the ingest route is still running");
    }

    @Test
    void managementPortAsksForCredentials() {
        HttpTestClient anonymous = new HttpTestClient(app.managementUrl());
        HttpTestClient wrong = anonymous.withBasicAuth("ops", "guess");
        for (String path : new String[] {"/observe/metrics", "/observe/health", JOLOKIA_READ}) {
            Response refused = anonymous.get(path);
            assertEquals(401, refused.status(), path);
            assertTrue(refused.header("WWW-Authenticate").startsWith("Basic"), refused.header("WWW-Authenticate"));
            assertEquals(401, wrong.get(path).status(), path);
        }
    }

    @Test
    void managementPortServesMetricsHealthAndJolokia() {
        HttpTestClient http = app.http();
        http.post("/v1/events/ingest", "application/x-protobuf", IngestEventRequest.newBuilder()
                .setEvent(Events.buttonTap("shop", "m")).build().toByteArray());
        http.postJson("/v1/events/ingest", "{\"event\":{\"appId\":\"shop\"}}");

        HttpTestClient management = app.management();
        Response metrics = management.get("/observe/metrics");
        assertEquals(200, metrics.status());
        String text = metrics.text();
        assertTrue(http.metric("causality_ingest_events_accepted_total") >= 1, text);
        assertTrue(text.contains("causality_ingest_events_rejected_total{reason=\"invalid_event\"}"), text);
        assertTrue(text.contains("causality_ingest_publish_latency_seconds_count"), text);
        assertTrue(text.contains("routeId=\"ingest-event\""), "Camel route metrics are exported");

        Response health = management.get("/observe/health");
        assertEquals(200, health.status(), health.text());
        Response jolokia = management.get(JOLOKIA_READ);
        assertEquals(200, jolokia.status(), jolokia.text());
        assertTrue(jolokia.text().contains("\"status\":200"), jolokia.text());
    }
}
