package dev.causality.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The sink figures operators watch: batches, rows and bytes written, upload latency, dead letters. */
public class SinkMetrics {

    private final Counter batches;
    private final Counter rows;
    private final DistributionSummary fileBytes;
    private final Timer uploadLatency;
    private final Counter deadLettered;

    public SinkMetrics(MeterRegistry registry) {
        batches = Counter.builder("causality.sink.batches.written")
                .description("Parquet files written to the lake").register(registry);
        rows = Counter.builder("causality.sink.rows.written")
                .description("Events written to the lake").register(registry);
        fileBytes = DistributionSummary.builder("causality.sink.file.bytes").baseUnit("bytes")
                .description("Size of the Parquet files written").register(registry);
        uploadLatency = Timer.builder("causality.sink.upload.latency")
                .description("Time to store one Parquet file in the lake, retries included")
                .publishPercentiles(0.5, 0.99).register(registry);
        deadLettered = Counter.builder("causality.sink.dead.lettered")
                .description("Messages moved to the EVENTS_DLQ stream").register(registry);
    }

    public void written(int rowCount, long bytes, Duration upload) {
        batches.increment();
        rows.increment(rowCount);
        fileBytes.record(bytes);
        uploadLatency.record(upload);
    }

    public void deadLettered(int messages) {
        deadLettered.increment(messages);
    }
}
