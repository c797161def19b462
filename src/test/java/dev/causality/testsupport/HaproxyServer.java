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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * HAProxy (Debian's haproxy package) on free loopback ports, run with the production config
 * {@code docker/haproxy/haproxy.cfg}: only its environment differs (listen addresses, and the
 * collectors listed one by one instead of found through Docker's DNS).
 */
public final class HaproxyServer implements AutoCloseable {

    public static final Path CONFIG = Path.of("docker", "haproxy", "haproxy.cfg");

    private final int port = FreePorts.next();
    private final int statsPort = FreePorts.next();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path log;
    private final Process process;

    /** Starts HAProxy in front of the collectors at these {@code host:port} addresses (1 to 4). */
    public HaproxyServer(List<String> collectors) {
        try {
            log = Files.createTempFile("causality-haproxy-", ".log");
            ProcessBuilder builder = new ProcessBuilder(binary(), "-db", "-f", CONFIG.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("HAPROXY_BIND", "127.0.0.1:" + port);
            builder.environment().put("HAPROXY_STATS_BIND", "127.0.0.1:" + statsPort);
            for (int i = 0; i < collectors.size(); i++) {
                builder.environment().put("COLLECTOR_" + (i + 1), collectors.get(i));
            }
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("HAProxy stats on port " + statsPort).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("haproxy exited: " + Files.readString(log));
                    }
                    return !stats().isEmpty();
                });
    }

    /** Debian installs haproxy in /usr/sbin, which is not always on PATH; HAPROXY_BIN overrides. */
    public static String binary() {
        String configured = System.getenv("HAPROXY_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** HAProxy's view of one collector ({@code collector1}, ...): UP, DOWN, ... */
    public String status(String server) {
        for (String line : stats().split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 17 && fields[0].equals("collectors") && fields[1].equals(server)) {
                return fields[17];
            }
        }
        return "absent";
    }

    /** A counter of the collectors' backend as a whole from HAProxy's stats (wretr: retries, wredis: redispatches). */
    public long backendCounter(String column) {
        String[] lines = stats().split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(",", -1));
        int index = header.indexOf(column);
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (index >= 0 && fields.length > index && fields[0].equals("collectors") && fields[1].equals("BACKEND")) {
                return fields[index].isEmpty() ? 0 : Long.parseLong(fields[index]);
            }
        }
        throw new IllegalStateException("no " + column + " for the collectors backend in HAProxy's stats");
    }

    /** Waits until HAProxy's health checks on /ready put this collector in the rotation. */
    public void awaitUp(String server) {
        await(server + " UP in HAProxy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(server).startsWith("UP"));
    }

    private String stats() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a leftover log is harmless
        }
    }
}
