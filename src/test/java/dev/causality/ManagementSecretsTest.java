package dev.causality;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a caller of the management address can learn and do through Jolokia: everything Hawtio
 * reads, but never a configured secret; one route stopped and started, never the whole context.
 */
class ManagementSecretsTest {

    static final String NATS_PASSWORD = "nats-Pass-4kqV2m";
    static final String MANAGEMENT_PASSWORD = "mgmt-Pass-8zrT5n";
    static final String CONTEXT = "org.apache.camel:context=causality,type=context,name=\"causality\"";
    static final String INGEST_EVENT = "org.apache.camel:context=causality,type=routes,name=\"ingest-event\"";
    static final String EVENT = "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"home\"}}}";

    static NatsServer nats;
    static S3Server s3;
    static CausalityApp app;
    static HttpTestClient management;

    @BeforeAll
    static void start() {
        // as an operator passing -Ds3.secret-access-key=... would: Runtime's SystemProperties is readable over JMX
        System.setProperty("causality.test.secret", S3Server.SECRET_KEY);
        nats = NatsServer.started();
        s3 = S3Server.started();
        Map<String, String> settings = new HashMap<>(s3.settings("secrets"));
        settings.put("batch.flush-interval", "1s");
        settings.put("management.user", "ops");
        settings.put("management.password", MANAGEMENT_PASSWORD);
        // nats-server without authorization ignores credentials; Causality still holds them in its URL
        app = CausalityApp.start(nats.url().replace("nats://", "nats://causality:" + NATS_PASSWORD + "@"), settings);
        management = app.management();
        // every endpoint used at least once: the S3 endpoint has written a file
        assertEquals(200, app.http().postJson("/v1/events/ingest", EVENT).status());
        await().atMost(Duration.ofSeconds(60)).until(() -> app.http().metric("causality_sink_rows_written_total") >= 1);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("causality.test.secret");
        app.close();
        s3.close();
        nats.close();
    }

    @Test
    void noManagementAnswerHoldsASecret() {
        List<String> answers = new ArrayList<>();
        answers.add(management.get("/observe/jolokia/version").text());
        String list = management.get("/observe/jolokia/list").text();
        answers.add(list);
        JsonArray names = jolokia(request("search", "*:*")).get(0).getAsJsonObject().getAsJsonArray("value");
        answers.add(names.toString());
        // every attribute of every MBean, one read per MBean
        JsonArray reads = new JsonArray();
        for (JsonElement name : names) {
            reads.add(request("read", name.getAsString()));
        }
        JsonArray values = jolokia(reads);
        answers.add(values.toString());
        // the route dumps, in every form a caller may ask for (the allowed ones answer, the others are refused)
        JsonArray dumps = new JsonArray();
        dumps.add(exec(CONTEXT, "dumpRoutesAsXml()"));
        dumps.add(exec(CONTEXT, "dumpRoutesStatsAsXml(boolean,boolean)", true, true));
        dumps.add(exec(CONTEXT, "dumpStepStatsAsXml(boolean)", true));
        dumps.add(exec(CONTEXT, "dumpRoutesAsXml(boolean,boolean)", true, false));
        dumps.add(exec(CONTEXT, "dumpRoutesAsYaml(boolean,boolean)", true, true));
        dumps.add(exec(CONTEXT, "dumpRouteTemplatesAsXml()"));
        dumps.add(exec(INGEST_EVENT, "dumpRouteAsXml(boolean)", true));
        dumps.add(exec(CONTEXT, "getGlobalOption(java.lang.String)", "s3.secret-access-key"));
        JsonArray dumped = jolokia(dumps);
        answers.add(dumped.toString());
        answers.add(management.get("/observe/metrics").text());
        answers.add(management.get("/observe/health").text());
        answers.add(management.get("/observe/health?data=true&exposureLevel=full").text());
        answers.add(management.get("/observe/info").text());

        String all = String.join("\n", answers);
        // the search reached what matters: the S3 endpoint and the routes' model are in the answers
        assertTrue(names.toString().contains("aws2-s3"), "the S3 endpoint is listed");
        assertTrue(values.size() > 100, "every MBean was read: " + values.size());
        assertTrue(dumped.get(0).getAsJsonObject().get("value").getAsString().contains("upload-to-s3"),
                "the routes' model is dumped: " + dumped.get(0));
        assertTrue(all.contains("write-batch") && all.contains("warehouse-sink"));
        for (String secret : List.of(S3Server.SECRET_KEY, NATS_PASSWORD, MANAGEMENT_PASSWORD)) {
            int at = all.indexOf(secret);
            assertEquals(-1, at, () -> secret + " leaked: ..." + all.substring(Math.max(0, at - 300), at + 50));
        }
        // the dumps that would expand placeholders are refused, not merely empty
        for (int i = 3; i < dumped.size(); i++) {
            assertEquals(403, dumped.get(i).getAsJsonObject().get("status").getAsInt(), dumped.get(i).toString());
        }
    }

    @Test
    void aCallerCanStopOneRouteButNotTheContext() {
        JsonObject stopped = jolokia(exec(INGEST_EVENT, "stop()")).get(0).getAsJsonObject();
        try {
            assertEquals(200, stopped.get("status").getAsInt(), stopped.toString());
            assertEquals(503, app.http().postJson("/v1/events/ingest", EVENT).status(), "the route is stopped");
        } finally {
            JsonObject started = jolokia(exec(INGEST_EVENT, "start()")).get(0).getAsJsonObject();
            assertEquals(200, started.get("status").getAsInt(), started.toString());
        }
        assertEquals(200, app.http().postJson("/v1/events/ingest", EVENT).status(), "the route runs again");
        JsonObject reset = jolokia(exec(INGEST_EVENT, "reset()")).get(0).getAsJsonObject();
        assertEquals(200, reset.get("status").getAsInt(), reset.toString());

        JsonArray refused = new JsonArray();
        for (String operation : List.of("stop", "stop()", "suspend()", "suspend", "shutdown()", "stop(long)")) {
            refused.add(exec(CONTEXT, operation));
        }
        refused.add(exec(CONTEXT, "sendStringBody(java.lang.String,java.lang.String)", "log:jolokia", "hello"));
        refused.add(exec(CONTEXT, "sendStringBody", "log:jolokia", "hello"));
        refused.add(exec(CONTEXT, "createEndpoint(java.lang.String)", "file:/tmp/jolokia"));
        refused.add(exec(INGEST_EVENT, "remove()"));
        refused.add(exec(INGEST_EVENT, "updateRouteFromXml(java.lang.String)", "<routes/>"));
        refused.add(exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap(java.lang.String,boolean)", "/tmp/heap", true));
        JsonObject write = request("write", INGEST_EVENT);
        write.addProperty("attribute", "Description");
        write.addProperty("value", "changed");
        refused.add(write);
        for (JsonElement answer : jolokia(refused)) {
            assertEquals(403, answer.getAsJsonObject().get("status").getAsInt(), answer.toString());
        }
        assertEquals("Started", read(CONTEXT, "State"));
        assertEquals("Started", read(INGEST_EVENT, "State"));
    }

    private static String read(String mbean, String attribute) {
        JsonObject request = request("read", mbean);
        request.addProperty("attribute", attribute);
        return jolokia(request).get(0).getAsJsonObject().get("value").getAsString();
    }

    private static JsonObject request(String type, String mbean) {
        JsonObject request = new JsonObject();
        request.addProperty("type", type);
        request.addProperty("mbean", mbean);
        return request;
    }

    private static JsonObject exec(String mbean, String operation, Object... arguments) {
        JsonObject request = request("exec", mbean);
        request.addProperty("operation", operation);
        JsonArray args = new JsonArray();
        for (Object argument : arguments) {
            if (argument instanceof Boolean b) {
                args.add(b);
            } else {
                args.add(argument.toString());
            }
        }
        request.add("arguments", args);
        return request;
    }

    /** A bulk Jolokia request; the answers in the same order. */
    private static JsonArray jolokia(JsonElement requests) {
        JsonArray bulk = requests.isJsonArray() ? requests.getAsJsonArray() : wrap(requests);
        Response response = management.post("/observe/jolokia?ignoreErrors=true", "application/json",
                bulk.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.status(), response.text());
        JsonArray answers = JsonParser.parseString(response.text()).getAsJsonArray();
        assertFalse(answers.isEmpty());
        return answers;
    }

    private static JsonArray wrap(JsonElement request) {
        JsonArray array = new JsonArray();
        array.add(request);
        return array;
    }
}
