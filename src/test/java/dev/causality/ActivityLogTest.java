package dev.causality;

import dev.causality.batch.SinkMetrics;
import dev.causality.ingest.IngestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ActivityLogTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IngestMetrics ingest = new IngestMetrics(meters);
    private final SinkMetrics sink = new SinkMetrics(meters);
    private final List<String> lines = new ArrayList<>();
    private final ActivityLog log = new ActivityLog(null, meters, Duration.ofSeconds(10), lines::add);

    @Test
    void eachLineCountsWhatHappenedSinceTheLastOne() {
        ingest.accepted(1200);
        ingest.rejected("invalid_event", 3);
        ingest.rejected("duplicate_id", 1);
        ingest.rejectedRequest("malformed_body");
        sink.written(1000, 4096, Duration.ofMillis(20));
        sink.written(150, 1024, Duration.ofMillis(20));
        log.report();
        ingest.accepted(50);
        log.report();

        assertEquals(List.of(
                "Last 10s: ingest: 1,200 events accepted (120/s), 4 rejected, 0 failed; 1 requests refused whole; "
                        + "sink: 1,150 rows in 2 files (115 rows/s), 0 dead-lettered, 0 pending in the stream",
                "Last 10s: ingest: 50 events accepted (5/s), 0 rejected, 0 failed; 0 requests refused whole"), lines);
    }

    @Test
    void silentWhileNothingHappens() {
        log.report();
        sink.deadLettered(2);
        log.report();
        log.report();

        assertEquals(List.of("Last 10s: sink: 0 rows in 0 files (0 rows/s), 2 dead-lettered, 0 pending in the stream"),
                lines);
    }
}
