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
 * would; for tests that kill, restart or multiply Causality. Write keys are off
 * ({@code INGEST_AUTH=none}) unless the environment given sets {@code INGEST_AUTH=keys}.
 */
public final class CausalityProcess implements AutoCloseable {

    private final int port;
    private final int managementPort = FreePorts.next();
    private final Map<String, String> environment;
    private final Process process;
    private final Path log;

    private CausalityProcess(Map<String, String> environment, List<String> jvmOptions, int port) throws IOException {
        this.port = port;
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
        builder.environment().put("HTTP_ADDR", "127.0.0.1:" + port);
        builder.environment().put("MANAGEMENT_ADDR", "127.0.0.1:" + managementPort);
        builder.environment().put("LAKE_DIR", Files.createTempDirectory("causality-lake-").toString());
        // tests post without write keys unless they opt in with INGEST_AUTH=keys
        builder.environment().put("INGEST_AUTH", "none");
        builder.environment().putAll(environment);
        this.environment = Map.copyOf(builder.environment());
        process = builder.start();
    }

    /** Starts the jar and waits until it is ready (NATS connected, streams there). */
    public static CausalityProcess start(Map<String, String> environment) {
        return start(environment, List.of("-Xmx512m"));
    }

    /** Starts the jar with these JVM options and waits until it is ready. */
    public static CausalityProcess start(Map<String, String> environment, List<String> jvmOptions) {
        return launch(environment, jvmOptions, FreePorts.next()).awaitReady();
    }

    /**
     * Starts the jar listening on this port (HTTP_ADDR 127.0.0.1:port, unless the environment
     * says otherwise) and returns at once, before it answers.
     */
    public static CausalityProcess launch(Map<String, String> environment, List<String> jvmOptions, int port) {
        try {
            return new CausalityProcess(environment, jvmOptions, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the process is ready: NATS connected, streams there, every route started. */
    public CausalityProcess awaitReady() {
        HttpTestClient http = http();
        await("Causality process ready on port " + port).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Causality exited: " + output());
                    }
                    // /observe/health: every route started, not only the HTTP server
                    return http.get("/ready").status() == 200 && http.management().get("/observe/health").status() == 200;
                });
        return this;
    }

    public int port() {
        return port;
    }

    /** A client of the API whose {@link HttpTestClient#metric} and {@code management()} use the management address. */
    public HttpTestClient http() {
        return new HttpTestClient("http://127.0.0.1:" + port, management());
    }

    /** A client of the management address (/observe/*), with MANAGEMENT_USER/PASSWORD when set. */
    public HttpTestClient management() {
        HttpTestClient management = new HttpTestClient("http://127.0.0.1:" + managementPort);
        String user = environment.get("MANAGEMENT_USER");
        return user == null ? management : management.withBasicAuth(user, environment.get("MANAGEMENT_PASSWORD"));
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

    /** SIGTERM, as an orchestrator stops a process for a deploy; returns once it has exited. */
    public void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Causality did not exit within 120 s of SIGTERM: " + output());
        }
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
