package dev.causality.testsupport;

import dev.causality.Causality;
import dev.causality.ingest.StartingRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * The real Causality main class with the real YAML routes, started in this JVM on a free loopback
 * port. Settings are the application's own defaults plus the given overrides, except that write keys
 * are off ({@code ingest.auth=none}) unless a test sets {@code ingest.auth=keys}.
 */
public final class CausalityApp implements AutoCloseable {

    private final int port = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private final String managementUser;
    private final String managementPassword;
    private final Main main;
    private final Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private CausalityApp(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("http.addr", "127.0.0.1:" + port);
        // tests post without write keys unless they opt in with ingest.auth=keys
        all.put("ingest.auth", "none");
        all.put("management.addr", "127.0.0.1:" + managementPort);
        try {
            // never the working directory: each app writes its local lake (if any) to a temp dir
            all.put("lake.dir", java.nio.file.Files.createTempDirectory("causality-lake-").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        all.putAll(overrides);
        managementUser = all.get("management.user");
        managementPassword = all.get("management.password");
        main = Causality.newMain(all);
        runner = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "causality-main-" + port);
    }

    /** Starts Causality against the given NATS and waits until its HTTP server answers. */
    public static CausalityApp start(String natsUrl, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("nats.url", natsUrl);
        CausalityApp app = new CausalityApp(all);
        app.runner.start();
        HttpTestClient http = app.http();
        await("Causality started on port " + app.port).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                .until(() -> {
                    if (app.failure.get() != null) {
                        throw new IllegalStateException("Causality failed to start", app.failure.get());
                    }
                    // the supervising controller starts (and may retry) the routes after the HTTP
                    // server already answers: wait for every route that should run
                    return http.get("/health").status() == 200 && http.management().get("/observe/health").status() == 200
                            && StartingRoutes.of(app.context()).isEmpty();
                });
        return app;
    }

    public static CausalityApp start(String natsUrl) {
        return start(natsUrl, Map.of());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of the API whose {@link HttpTestClient#metric} and {@code management()} use the management address. */
    public HttpTestClient http() {
        return new HttpTestClient(baseUrl(), management());
    }

    /** The management address (/observe/*), with the credentials when the app was given some. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** A client of the management address, with the app's management credentials if any. */
    public HttpTestClient management() {
        HttpTestClient management = new HttpTestClient(managementUrl());
        return managementUser == null ? management : management.withBasicAuth(managementUser, managementPassword);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws InterruptedException {
        main.completed();
        runner.join(Duration.ofSeconds(60).toMillis());
    }
}
