package dev.causality.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real nats-server process with JetStream on free loopback ports, for tests. It can be stopped,
 * frozen (SIGSTOP, a hung broker) and started again on the same port and store, as an outage would.
 */
public final class NatsServer implements AutoCloseable {

    private final int port = FreePorts.next();
    private final int monitorPort = FreePorts.next();
    private final Path storeDir;
    private final Path logFile;
    private final List<String> extraArguments;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Connection client;

    public NatsServer() {
        this(List.of());
    }

    /** A server started with these arguments too (cluster settings, a server name, ...). */
    public NatsServer(List<String> extraArguments) {
        this.extraArguments = List.copyOf(extraArguments);
        try {
            storeDir = Files.createTempDirectory("causality-nats-");
            logFile = storeDir.resolve("nats-server.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NatsServer started() {
        NatsServer server = new NatsServer();
        server.start();
        return server;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public synchronized void start() {
        List<String> command = new ArrayList<>(List.of(binary(), "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-m", Integer.toString(monitorPort), "-js", "-sd", storeDir.toString()));
        command.addAll(extraArguments);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        await("nats-server ready on port " + port).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("nats-server exited: " + Files.readString(logFile));
                    }
                    return healthy();
                });
    }

    private boolean healthy() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(monitorUrl() + "/healthz?js-enabled-only=true"))
                .timeout(Duration.ofSeconds(2)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    public synchronized void stop() {
        closeClient();
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGKILL: nothing flushed or handed over, as a crash or a power cut of this server. */
    public synchronized void kill() {
        closeClient();
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the running server, -1 when stopped. */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    /** The monitoring endpoint's base URL (/healthz, /jsz, /varz). */
    public String monitorUrl() {
        return "http://127.0.0.1:" + monitorPort;
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing is answered, like a hung broker. */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A test-side JetStream client, for reading back what Causality stored. */
    public synchronized JetStreamManagement management() {
        try {
            if (client == null || client.getStatus() != Connection.Status.CONNECTED) {
                closeClient();
                client = Nats.connect(Options.builder().server(url()).maxReconnects(0).build());
            }
            return client.jetStreamManagement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Connection client() {
        management();
        return client;
    }

    /** Messages stored in a stream, or 0 when the stream does not exist. */
    public long messageCount(String stream) {
        try {
            return management().getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every message of a stream, in order. */
    public List<MessageInfo> messages(String stream) {
        try {
            JetStreamManagement jsm = management();
            var state = jsm.getStreamInfo(stream).getStreamState();
            List<MessageInfo> messages = new ArrayList<>();
            for (long seq = state.getFirstSequence(); seq <= state.getLastSequence() && state.getMsgCount() > 0; seq++) {
                messages.add(jsm.getMessage(stream, seq));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client = null;
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(storeDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    static String binary() {
        String configured = System.getenv("NATS_SERVER_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : (System.getenv("PATH") + ":/usr/sbin:/usr/local/bin:/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "nats-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("nats-server not found on PATH or in /usr/sbin: install it "
                + "(apt-get install -y nats-server) or set NATS_SERVER_BIN; bin/test does this for you");
    }
}
