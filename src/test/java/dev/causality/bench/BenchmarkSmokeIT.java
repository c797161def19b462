package dev.causality.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark in its tiny smoke mode, so it cannot rot: every figure is produced and written. No figure is judged. */
class BenchmarkSmokeIT {

    @Test
    void smokeRunProducesEveryFigure(@TempDir Path output) throws Exception {
        Report report = new PipelineBenchmark(PipelineBenchmark.Options.smokeRun()).run(output);
        List<String> expected = List.of("jetstream_async", "jetstream_sync", "parquet_writer", "vertx_bare",
                "ingest_batch_100", "ingest_batch_1000", "ingest_batch_1000_vs_sync", "ingest_single",
                "vertx_bare_p99", "latency_p50", "latency_p99", "latency_p999",
                "collector_cpu_per_million", "collector_peak_rss",
                "ingest_batch_100_keys", "ingest_batch_1000_keys", "ingest_single_keys",
                "sink_drain", "sink_drain_vs_ingest", "sink_cpu_per_million", "sink_cpu_per_million_no_jit",
                "drain_nats_cpu_per_million", "drain_s3_cpu_per_million", "drain_machine_cores_busy", "drain_cpu_bound",
                "sink_peak_rss", "sink_rows_per_file",
                "e2e_p50", "e2e_p99", "e2e_max", "combined_peak_rss");
        assertEquals(expected, List.copyOf(report.figures().keySet()));
        report.figures().values().forEach(f -> assertTrue(f.median() >= 0, f.key()));
        String json = Files.readString(output.resolve("benchmark.json"));
        String markdown = Files.readString(output.resolve("benchmark.md"));
        for (String key : expected) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
        assertTrue(markdown.startsWith("| figure |"), markdown);
    }
}
