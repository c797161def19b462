package dev.causality.jetstream;

import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.time.Duration;

/** The limits of one JetStream stream as the operator configured them. Always file storage, limits retention. */
public record StreamSettings(String name, String subjects, Duration maxAge, long maxBytes,
                             Duration duplicateWindow, int replicas) {

    public StreamConfiguration toConfiguration() {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subjects)
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .maxAge(maxAge)
                .maxBytes(maxBytes)
                .duplicateWindow(duplicateWindow)
                .replicas(replicas)
                .build();
    }

    /** Carries our limits onto an existing stream's configuration, keeping whatever else the operator set. */
    public StreamConfiguration applyTo(StreamConfiguration existing) {
        return StreamConfiguration.builder(existing)
                .subjects(subjects)
                .maxAge(maxAge)
                .maxBytes(maxBytes)
                .duplicateWindow(duplicateWindow)
                .replicas(replicas)
                .build();
    }

    public boolean matches(StreamConfiguration existing) {
        return existing.getSubjects().equals(java.util.List.of(subjects))
                && existing.getMaxAge().equals(maxAge)
                && existing.getMaxBytes() == maxBytes
                && existing.getDuplicateWindow().equals(duplicateWindow)
                && existing.getReplicas() == replicas;
    }
}
