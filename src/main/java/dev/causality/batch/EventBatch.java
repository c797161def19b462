package dev.causality.batch;

import dev.causality.lake.HivePartition;
import dev.causality.parquet.ParquetEventWriter;

import java.util.ArrayList;
import java.util.List;

/** The events of one partition collected by the aggregator, to become one Parquet file. */
public final class EventBatch {

    private final HivePartition partition;
    private final List<StoredEvent> events = new ArrayList<>();

    public EventBatch(HivePartition partition) {
        this.partition = partition;
    }

    public void add(StoredEvent event) {
        events.add(event);
    }

    public HivePartition partition() {
        return partition;
    }

    public List<StoredEvent> events() {
        return events;
    }

    public List<ParquetEventWriter.Row> rows() {
        List<ParquetEventWriter.Row> rows = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            rows.add(new ParquetEventWriter.Row(event.event(), event.receivedAtMs()));
        }
        return rows;
    }
}
