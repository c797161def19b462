package dev.causality.jetstream;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one NATS connection of the process. Connects in the background (the process starts and stays
 * up while NATS is down), reconnects forever, and creates or updates the configured streams on
 * every (re)connect, so a NATS server that lost its state gets them back.
 */
public class NatsConnector extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    private final String url;
    private final Duration requestTimeout;
    private final List<StreamSettings> streams;
    private final ExecutorService setup = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "nats-stream-setup");
        thread.setDaemon(true);
        return thread;
    });

    private volatile Connection connection;
    /** The connection while it is still trying to connect for the first time, so stop can close it. */
    private volatile Connection attempting;
    private volatile JetStream jetStream;
    private volatile JetStreamManagement management;
    private volatile boolean streamsReady;
    private volatile boolean outageReported;
    private final AtomicLong flushRequests = new AtomicLong();
    private final Object flushLock = new Object();
    private long flushedUpTo; // guarded by flushLock

    public NatsConnector(String url, Duration requestTimeout, List<StreamSettings> streams) {
        this.url = url;
        this.requestTimeout = requestTimeout;
        this.streams = List.copyOf(streams);
    }

    @Override
    protected void doStart() throws Exception {
        Options options = Options.builder()
                .server(url)
                .connectionName("causality")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofSeconds(2))
                .pingInterval(Duration.ofSeconds(5))
                .connectionListener(this::onConnectionEvent)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        LOG.warn("NATS error: {}", error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        if (outageReported || exp instanceof java.net.ConnectException) {
                            // connect attempts failing while NATS is away: the outage is reported once already
                            LOG.debug("NATS exception: {}", exp.toString());
                        } else {
                            LOG.warn("NATS exception: {}", exp.toString());
                        }
                    }

                    @Override
                    public void slowConsumerDetected(Connection conn, Consumer consumer) {
                        LOG.warn("NATS slow consumer: {} messages pending in the client", consumer.getPendingMessageCount());
                    }
                })
                .build();
        LOG.info("Connecting to NATS at {} (reconnecting in the background while it is unreachable)", url);
        // Asynchronous: start-up does not wait for NATS; the connection arrives with the CONNECTED event.
        Nats.connectAsynchronously(options, true);
    }

    private void onConnectionEvent(Connection conn, ConnectionListener.Events event) {
        attempting = conn;
        if (isStoppingOrStopped()) {
            return;
        }
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                outageReported = false;
                LOG.info("NATS {}: {}", event.name().toLowerCase(), conn.getConnectedUrl());
                if (connection == null) {
                    adopt(conn);
                }
                setup.submit(this::ensureStreams);
            }
            case DISCONNECTED -> {
                streamsReady = false;
                if (!outageReported) { // once per outage, not once per reconnect attempt
                    outageReported = true;
                    LOG.warn("NATS unreachable at {}; reconnecting every 500 ms, answering 503 meanwhile", url);
                }
            }
            case CLOSED -> streamsReady = false;
            default -> LOG.debug("NATS {}", event);
        }
    }

    private synchronized void adopt(Connection conn) {
        try {
            JetStreamOptions jsOptions = JetStreamOptions.builder().requestTimeout(requestTimeout).build();
            jetStream = conn.jetStream(jsOptions);
            management = conn.jetStreamManagement(jsOptions);
            connection = conn;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Creates each stream that is missing and updates the limits of each that differs. */
    void ensureStreams() {
        try {
            for (StreamSettings settings : streams) {
                ensureStream(settings);
            }
            streamsReady = true;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            streamsReady = false;
            LOG.warn("Cannot set up JetStream streams yet ({}); retrying on the next readiness check", e.toString());
        }
    }

    private void ensureStream(StreamSettings settings) throws IOException, JetStreamApiException {
        StreamInfo info;
        try {
            info = management.getStreamInfo(settings.name());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) { // 10059: stream not found
                throw e;
            }
            management.addStream(settings.toConfiguration());
            LOG.info("Created JetStream stream {} (subjects {}, max age {}, max bytes {}, duplicate window {})",
                    settings.name(), settings.subjects(), settings.maxAge(), settings.maxBytes(),
                    settings.duplicateWindow());
            return;
        }
        StreamConfiguration existing = info.getConfiguration();
        if (!settings.matches(existing)) {
            management.updateStream(settings.applyTo(existing));
            LOG.info("Updated JetStream stream {} to max age {}, max bytes {}, duplicate window {}",
                    settings.name(), settings.maxAge(), settings.maxBytes(), settings.duplicateWindow());
        }
    }

    public boolean isConnected() {
        Connection conn = connection;
        return conn != null && conn.getStatus() == Connection.Status.CONNECTED && !isStoppingOrStopped();
    }

    /**
     * True while NATS is connected and JetStream answers for every stream. Asks the server, so it
     * costs one round trip; bounded by the request timeout.
     */
    public boolean isReady() {
        if (!isConnected()) {
            return false;
        }
        if (!streamsReady) {
            ensureStreams();
            return streamsReady;
        }
        try {
            for (StreamSettings settings : streams) {
                management.getStreamInfo(settings.name());
            }
            return true;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("JetStream does not answer: {}", e.toString());
            streamsReady = false;
            return false;
        }
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Returns once everything queued on the connection before this call has reached the server (a
     * PING answered), or throws after {@code timeout}. Callers share flushes: one runs at a time and
     * covers every caller that queued its messages before it began. jnats counts each unanswered
     * PING against max-pings-out (2) and drops the connection beyond it, so several writer threads
     * flushing at once would otherwise reset the connection under load.
     * Throws {@link IllegalStateException} before the first connection.
     */
    public void flush(Duration timeout) throws TimeoutException, InterruptedException {
        long ticket = flushRequests.incrementAndGet();
        synchronized (flushLock) {
            if (flushedUpTo >= ticket) {
                return; // a flush that began after our messages were queued has completed
            }
            long upTo = flushRequests.get();
            Connection conn = connection;
            if (conn == null) {
                throw new IllegalStateException("not connected to NATS yet (" + url + ")");
            }
            conn.flush(timeout);
            flushedUpTo = upTo;
        }
    }

    public JetStream jetStream() {
        return jetStream;
    }

    public JetStreamManagement management() {
        return management;
    }

    @Override
    protected void doStop() throws Exception {
        setup.shutdownNow();
        Connection conn = connection != null ? connection : attempting;
        if (conn == null) {
            return;
        }
        LOG.info("Closing the NATS connection");
        try {
            if (conn.getStatus() == Connection.Status.CONNECTED) {
                conn.drain(Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.debug("NATS drain did not finish cleanly: {}", e.toString());
        } finally {
            conn.close();
            connection = null;
        }
    }
}
