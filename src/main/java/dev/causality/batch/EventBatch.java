package dev.causality.batch;

import dev.causality.lake.HivePartition;
import dev.causality.parquet.ParquetEventWriter;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** The events of one partition collected by {@link OpenBatches}, to become one Parquet file. */
public final class EventBatch {

    private final HivePartition partition;
    private final long startedAtMs;
    private final List<StoredEvent> events = new ArrayList<>();
    private long bytes;

    public EventBatch(HivePartition partition, long startedAtMs) {
        this.partition = partition;
        this.startedAtMs = startedAtMs;
    }

    public void add(StoredEvent event) {
        events.add(event);
        bytes += event.size();
    }

    public HivePartition partition() {
        return partition;
    }

    /** When the first event joined the batch, ms since epoch. */
    public long startedAtMs() {
        return startedAtMs;
    }

    public List<StoredEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    /** The stream messages' bytes the batch holds. */
    public long bytes() {
        return bytes;
    }

    /** The rows to write: the stored messages' bytes, read by the writer as it reaches each. */
    public List<ParquetEventWriter.Row> rows() {
        return new AbstractList<>() {
            @Override
            public ParquetEventWriter.Row get(int index) {
                StoredEvent event = events.get(index);
                return ParquetEventWriter.Row.stored(event.delivery().data(), event.times());
            }

            @Override
            public int size() {
                return events.size();
            }
        };
    }
}
