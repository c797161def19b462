package dev.causality.packaging;

import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.FreePorts;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.HttpTestClient.Response;
import dev.causality.testsupport.NatsServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged fat jar, as an operator runs it: configured by environment variables, and on SIGTERM
 * it finishes the request in flight before it closes NATS and exits.
 */
class FatJarIT {

    @Test
    void runsFromTheJarAndShutsDownGracefullyOnSigterm() throws Exception {
        Path jar = Path.of("target", "causality.jar");
        assertTrue(Files.isRegularFile(jar), "run 'mvn package' first: " + jar.toAbsolutePath());
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        Path log = Files.createTempFile("causality-jar-", ".log");
        try (NatsServer nats = NatsServer.started()) {
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("HTTP_ADDR", "127.0.0.1:" + port);
            builder.environment().put("MANAGEMENT_ADDR", "127.0.0.1:" + managementPort);
            builder.environment().put("NATS_URL", nats.url());
            builder.environment().put("NATS_PUBLISH_TIMEOUT", "20s");
            builder.environment().put("INGEST_AUTH", "none");
            Process process = builder.start();
            try {
                HttpTestClient management = new HttpTestClient("http://127.0.0.1:" + managementPort);
                HttpTestClient http = new HttpTestClient("http://127.0.0.1:" + port, management);
                await("the jar serves /ready").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> http.get("/ready").status() == 200);
                byte[] event = IngestEventRequest.newBuilder().setEvent(Events.buttonTap("jar", "d")).build()
                        .toByteArray();
                assertEquals(200, http.post("/v1/events/ingest", "application/x-protobuf", event).status());

                // A request held in flight by a hung broker, then SIGTERM: it must still be answered.
                nats.freeze();
                CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() ->
                        http.post("/v1/events/ingest", "application/x-protobuf", event));
                await("the request is in flight").atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> http.management().get("/observe/jolokia/read/org.apache.camel:context=causality,"
                                + "type=routes,name=%22ingest-event%22/ExchangesInflight").text()
                                .contains("\"value\":1"));
                process.destroy(); // SIGTERM
                await("shutdown has begun").atMost(Duration.ofSeconds(10))
                        .until(() -> Files.readString(log).contains("Shutting down"));
                nats.thaw();

                Response answered = inFlight.get(30, TimeUnit.SECONDS);
                assertEquals(200, answered.status(), answered.text());
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process exits after SIGTERM");
                String output = Files.readString(log);
                assertTrue(output.contains("Closing the NATS connection"), output);
                assertEquals(2, nats.messageCount("EVENTS"));
            } finally {
                process.destroyForcibly();
                Files.deleteIfExists(log);
            }
        }
    }

    @Test
    void refusesToOpenTheManagementPortToOtherMachinesWithoutCredentials() throws Exception {
        Path jar = Path.of("target", "causality.jar");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true);
        builder.environment().put("HTTP_ADDR", "127.0.0.1:" + FreePorts.next());
        builder.environment().put("MANAGEMENT_ADDR", ":" + FreePorts.next());
        builder.environment().remove("MANAGEMENT_USER");
        builder.environment().remove("MANAGEMENT_PASSWORD");
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process exits by itself");
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(2, process.exitValue(), output);
            assertTrue(output.contains("MANAGEMENT_USER and MANAGEMENT_PASSWORD"), output);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void dlqReplayRunsFromTheJar() throws Exception {
        try (NatsServer nats = NatsServer.started()) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Path.of("target", "causality.jar").toString(), "dlq", "replay", "--dry-run")
                    .redirectErrorStream(true);
            builder.environment().put("NATS_URL", nats.url());
            Process process = builder.start();
            try {
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command exits by itself");
                String output = new String(process.getInputStream().readAllBytes());
                assertEquals(0, process.exitValue(), output);
                assertTrue(output.contains("dry run: would replay 0 dead letter(s) to EVENTS"), output);
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
