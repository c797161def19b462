package dev.causality.jetstream;

import dev.causality.access.WriteKey;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The write keys in NATS: a JetStream key-value bucket, one entry per key id holding the key's
 * hash, apps, origins, rate and creation time. Revoking deletes the entry. Replicated like the
 * EVENTS stream, so keys survive what the events survive.
 */
public final class WriteKeyBucket {

    public static final String BUCKET = "causality-write-keys";

    private final KeyValue keyValue;

    private WriteKeyBucket(KeyValue keyValue) {
        this.keyValue = keyValue;
    }

    /** The bucket on this connection, created when missing. */
    public static WriteKeyBucket open(Connection connection, int replicas) throws IOException, JetStreamApiException {
        KeyValueManagement management = connection.keyValueManagement();
        try {
            management.getBucketInfo(BUCKET);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) { // 10059: stream not found
                throw e;
            }
            try {
                management.create(KeyValueConfiguration.builder().name(BUCKET).maxHistoryPerKey(1)
                        .storageType(StorageType.File).replicas(replicas).build());
            } catch (JetStreamApiException raced) {
                management.getBucketInfo(BUCKET); // another process created it first: fine if it is there now
            }
        }
        return new WriteKeyBucket(connection.keyValue(BUCKET));
    }

    public void put(WriteKey key) throws IOException, JetStreamApiException {
        keyValue.put(key.id(), key.toJson());
    }

    /** Revokes a key; false when there is no active key of that id. */
    public boolean revoke(String id) throws IOException, JetStreamApiException {
        if (!id.matches("[0-9a-f]{1,64}") || keyValue.get(id) == null) {
            return false;
        }
        keyValue.delete(id);
        return true;
    }

    /** The active keys, oldest first. */
    public List<WriteKey> list() throws IOException, JetStreamApiException, InterruptedException {
        List<WriteKey> keys = new ArrayList<>();
        for (String id : keyValue.keys()) {
            KeyValueEntry entry = keyValue.get(id);
            if (entry != null && entry.getOperation() == KeyValueOperation.PUT) {
                keys.add(WriteKey.fromJson(entry.getValue()));
            }
        }
        keys.sort(Comparator.comparingLong(WriteKey::createdAtMs));
        return keys;
    }

    public KeyValue keyValue() {
        return keyValue;
    }
}
