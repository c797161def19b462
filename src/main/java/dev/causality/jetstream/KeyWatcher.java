package dev.causality.jetstream;

import dev.causality.access.KeyRegistry;
import dev.causality.access.WriteKey;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the collector's {@link KeyRegistry} equal to the write-key bucket: once NATS is connected
 * it watches every entry (a push subscription: a new or revoked key arrives within milliseconds),
 * first replaying the keys stored, and marks the registry loaded after them.
 */
public class KeyWatcher extends ServiceSupport implements KeyValueWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(KeyWatcher.class);

    private final NatsConnector nats;
    private final int replicas;
    private final KeyRegistry registry;
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "write-key-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile NatsKeyValueWatchSubscription subscription;

    public KeyWatcher(NatsConnector nats, int replicas, KeyRegistry registry) {
        this.nats = nats;
        this.replicas = replicas;
        this.registry = registry;
    }

    @Override
    protected void doStart() {
        // NATS connects in the background: try every second until the watch runs
        starter.scheduleWithFixedDelay(this::startWatch, 0, 1, TimeUnit.SECONDS);
    }

    private void startWatch() {
        if (subscription != null || !nats.isConnected()) {
            return;
        }
        try {
            subscription = WriteKeyBucket.open(nats.connection(), replicas).keyValue().watchAll(this);
            LOG.info("Watching write keys in NATS bucket {}", WriteKeyBucket.BUCKET);
        } catch (Exception e) {
            LOG.warn("Cannot watch the write keys yet ({}); retrying", e.toString());
        }
    }

    @Override
    public void watch(KeyValueEntry entry) {
        if (entry.getOperation() == KeyValueOperation.PUT) {
            try {
                registry.put(WriteKey.fromJson(entry.getValue()));
            } catch (RuntimeException e) {
                LOG.warn("Ignoring unreadable write key entry {}: {}", entry.getKey(), e.toString());
            }
        } else {
            registry.remove(entry.getKey());
        }
    }

    @Override
    public void endOfData() {
        registry.loaded();
    }

    @Override
    protected void doStop() {
        starter.shutdownNow();
        NatsKeyValueWatchSubscription watching = subscription;
        if (watching != null) {
            try {
                watching.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("Write key watch did not end cleanly: {}", e.toString());
            }
        }
    }
}
