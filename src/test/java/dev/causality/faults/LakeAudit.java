package dev.causality.faults;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.testsupport.ParquetFiles;
import io.nats.client.api.MessageInfo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What ended up where: every row of every Parquet file in the lake (id, and when its first copy was
 * written, from the file's UUIDv7 name) and every event in the dead-letter stream.
 */
final class LakeAudit {

    private final Map<String, Integer> rows = new HashMap<>();
    private final Map<String, Long> firstWritten = new HashMap<>();
    /** Each copy after the first of an id, and when it was written: the duplicates, dated. */
    private final List<Map.Entry<String, Long>> duplicateWrites = new java.util.ArrayList<>();
    private final Set<String> deadLettered = new HashSet<>();
    private int files;
    private long totalRows;
    private int undecodableDeadLetters;

    void lake(Map<String, byte[]> objects) {
        objects.forEach((key, file) -> {
            if (!key.endsWith(".parquet")) {
                return;
            }
            files++;
            String name = key.substring(key.lastIndexOf('/') + 1, key.length() - ".parquet".length());
            long writtenAt = UUID.fromString(name).getMostSignificantBits() >>> 16; // UUIDv7: ms in the top 48 bits
            for (String id : ParquetFiles.column(file, "id")) {
                if (rows.merge(id, 1, Integer::sum) > 1) {
                    long first = firstWritten.get(id);
                    duplicateWrites.add(Map.entry(id, Math.max(first, writtenAt))); // the later copy is the duplicate
                    firstWritten.put(id, Math.min(first, writtenAt));
                } else {
                    firstWritten.put(id, writtenAt);
                }
                totalRows++;
            }
        });
    }

    void deadLetters(List<MessageInfo> messages) {
        for (MessageInfo message : messages) {
            try {
                deadLettered.add(EventEnvelope.parseFrom(message.getData()).getId());
            } catch (InvalidProtocolBufferException e) {
                undecodableDeadLetters++;
            }
        }
    }

    int rows(String id) {
        return rows.getOrDefault(id, 0);
    }

    /** When the first file holding this id was written (ms), or -1. */
    long firstWritten(String id) {
        return firstWritten.getOrDefault(id, -1L);
    }

    boolean deadLettered(String id) {
        return deadLettered.contains(id);
    }

    /** Id and time (ms) of each second or later copy of an event written. */
    List<Map.Entry<String, Long>> duplicateWrites() {
        return List.copyOf(duplicateWrites);
    }

    int files() {
        return files;
    }

    long totalRows() {
        return totalRows;
    }

    int deadLetterCount() {
        return deadLettered.size() + undecodableDeadLetters;
    }
}
