package dev.causality.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged fat jar as its own process, configured by environment variables as an operator
 * would; for tests that kill, restart or multiply Causality.
 */
public final class CausalityProcess implements AutoCloseable {

    private final int port;
    private final Process process;
    private final Path log;

    private CausalityProcess(Map<String, String> environment, List<String> jvmOptions) throws IOException {
        Path jar = Path.of("target", "causality.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run 'mvn package' first: " + jar.toAbsolutePath());
        }
        log = Files.createTempFile("causality-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // a caller that restarts a collector on the same address passes HTTP_ADDR (host:port) itself
        String address = environment.getOrDefault("HTTP_ADDR", "127.0.0.1:" + FreePorts.next());
        port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        builder.environment().put("HTTP_ADDR", address);
        builder.environment().put("LAKE_DIR", Files.createTempDirectory("causality-lake-").toString());
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Starts the jar and waits until it is ready (NATS connected, streams there). */
    public static CausalityProcess start(Map<String, String> environment) {
        return start(environment, List.of("-Xmx512m"));
    }

    /** Starts the jar with these JVM options and waits until it is ready. */
    public static CausalityProcess start(Map<String, String> environment, List<String> jvmOptions) {
        try {
            CausalityProcess started = new CausalityProcess(environment, jvmOptions);
            HttpTestClient http = started.http();
            await("Causality process ready on port " + started.port).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                    .until(() -> {
                        if (!started.process.isAlive()) {
                            throw new IllegalStateException("Causality exited: " + started.output());
                        }
                        // /observe/health: every route started, not only the HTTP server
                        return http.get("/ready").status() == 200 && http.get("/observe/health").status() == 200;
                    });
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpTestClient http() {
        return new HttpTestClient("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a series in /observe/metrics, 0 when absent. */
    public double metric(String name) {
        return http().metric(name);
    }

    /** SIGKILL: no shutdown hook, nothing flushed, as a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a leftover log is harmless
        }
    }
}
