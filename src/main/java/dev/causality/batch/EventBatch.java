package dev.causality.batch;

import dev.causality.lake.HivePartition;
import dev.causality.parquet.ParquetEventWriter;

import java.util.AbstractList;
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

    /** The rows to write, each decoded when the writer reaches it (not all at once). */
    public List<ParquetEventWriter.Row> rows() {
        return new AbstractList<>() {
            @Override
            public ParquetEventWriter.Row get(int index) {
                StoredEvent event = events.get(index);
                return new ParquetEventWriter.Row(event.event(), event.times());
            }

            @Override
            public int size() {
                return events.size();
            }
        };
    }
}
