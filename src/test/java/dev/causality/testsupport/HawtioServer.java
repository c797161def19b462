package dev.causality.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Hawtio as an operator starts it: {@code bin/hawtio}, on a free loopback port, connected to a
 * Causality management address. Jetty and the Hawtio war are kept in target/hawtio between runs.
 */
public final class HawtioServer implements AutoCloseable {

    private final int port = FreePorts.next();
    private final Process process;
    private final Path log;

    private HawtioServer(String managementUrl) throws IOException {
        log = Files.createTempFile("hawtio-", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "bin/hawtio").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CAUSALITY_MANAGEMENT_URL", managementUrl);
        builder.environment().put("HAWTIO_ADDR", "127.0.0.1:" + port);
        builder.environment().put("HAWTIO_DIR", Path.of("target", "hawtio").toAbsolutePath().toString());
        process = builder.start();
    }

    /** Starts bin/hawtio and waits until Hawtio answers (the first run also fetches Jetty and Hawtio). */
    public static HawtioServer start(String managementUrl) {
        try {
            HawtioServer server = new HawtioServer(managementUrl);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await("Hawtio on port " + server.port).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsMatching(TestProcesses::stillStarting).until(() -> {
                        if (!server.process.isAlive()) {
                            throw new IllegalStateException("bin/hawtio exited: " + server.output());
                        }
                        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/hawtio/"))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The page of bin/hawtio that connects Hawtio to Causality and opens its Camel routes. */
    public String causalityUrl() {
        return url() + "/causality/";
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy(); // bin/hawtio execs Jetty's java: this is Jetty itself
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }
}
