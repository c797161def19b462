package dev.causality.access;

import com.sun.net.httpserver.HttpServer;
import dev.causality.jetstream.WriteKeyBucket;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.testsupport.Browser;
import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.FreePorts;
import dev.causality.testsupport.NatsServer;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A web page posts events as a browser does: a real headless Chromium loads a page from a second
 * origin (served here), which posts with fetch (JSON with the key header: preflighted) and with
 * navigator.sendBeacon (key in the query, text/plain); a page from an origin the key does not name
 * cannot post.
 */
class BrowserIT {

    static NatsServer nats;
    static CausalityApp app;
    static HttpServer pages;
    static Browser browser;
    static String key;
    static int pagePort;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.started();
        app = CausalityApp.start(nats.url(), Map.of("ingest.auth", "keys"));
        pagePort = FreePorts.next();
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 0);
        pages.createContext("/", exchange -> {
            byte[] page = "<!doctype html><html><head><title>shop</title></head><body>shop</body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        pages.start();
        // the page's origin is http://127.0.0.1:<pagePort>; http://localhost:<pagePort> is another origin
        WriteKey.Created created = WriteKey.create(List.of("web"), List.of("http://127.0.0.1:" + pagePort), 0,
                System.currentTimeMillis());
        WriteKeyBucket.open(nats.client(), 1).put(created.stored());
        key = created.key();
        await("the collector has the key").atMost(Duration.ofSeconds(5))
                .until(() -> app.http().send("OPTIONS", "/v1/events/batch", null,
                        "Origin", "http://127.0.0.1:" + pagePort).status() == 204);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        pages.stop(0);
        app.close();
        nats.close();
    }

    static final String FETCH = """
            const [url, key, body, done] = arguments;
            fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json', 'X-Causality-Key': key}, body})
              .then(r => r.text().then(t => done(r.status + ' ' + t)))
              .catch(e => done('failed: ' + e));
            """;

    static final String BEACON = """
            const [url, body, done] = arguments;
            done(navigator.sendBeacon(url, new Blob([body], {type: 'text/plain'})));
            """;

    private static String event(String device) {
        return "{\"appId\":\"web\",\"deviceId\":\"" + device + "\",\"screenView\":{\"screenName\":\"landing\"}}";
    }

    private static List<String> storedDevices() {
        return nats.messages("EVENTS").stream().map(MessageInfo::getData).map(data -> {
            try {
                return EventEnvelope.parseFrom(data).getDeviceId();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aPageOfAnOriginTheKeyNamesPostsWithFetchAndSendBeacon() {
        browser.open("http://127.0.0.1:" + pagePort + "/");
        Object fetched = browser.runAsync(FETCH, app.baseUrl() + "/v1/events/ingest", key,
                "{\"event\":" + event("fetch-device") + "}");
        assertTrue(String.valueOf(fetched).startsWith("200 ") && fetched.toString().contains("accepted"),
                String.valueOf(fetched));

        Object queued = browser.runAsync(BEACON, app.baseUrl() + "/v1/events/batch?key=" + key,
                "{\"events\":[" + event("beacon-device") + "]}");
        assertEquals(Boolean.TRUE, queued);
        await("the beacon's event is stored").atMost(Duration.ofSeconds(10))
                .until(() -> storedDevices().contains("beacon-device"));
        assertTrue(storedDevices().contains("fetch-device"));
    }

    @Test
    void aPageOfAnotherOriginCannotPost() {
        browser.open("http://localhost:" + pagePort + "/");
        Object fetched = browser.runAsync(FETCH, app.baseUrl() + "/v1/events/ingest", key,
                "{\"event\":" + event("foreign-device") + "}");
        assertTrue(String.valueOf(fetched).startsWith("failed: "), String.valueOf(fetched));

        String refusals = "causality_ingest_requests_rejected_total{code=\"origin_not_allowed\"}";
        double before = app.http().metric(refusals);
        Object queued = browser.runAsync(BEACON, app.baseUrl() + "/v1/events/batch?key=" + key,
                "{\"events\":[" + event("foreign-beacon") + "]}");
        assertEquals(Boolean.TRUE, queued, "the browser sends it; the collector refuses it");
        // a beacon's answer is not for the page: its refusal is seen in the metrics
        await("the foreign beacon is refused").atMost(Duration.ofSeconds(10))
                .until(() -> app.http().metric(refusals) > before);
        assertTrue(storedDevices().stream().noneMatch(device -> device.startsWith("foreign")), storedDevices().toString());
    }
}
