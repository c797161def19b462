package dev.causality.parquet;

import dev.causality.event.EventTimes;
import dev.causality.proto.v1.EventEnvelope;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Writes a batch of events as one Parquet file in memory. Knows nothing of Camel or S3.
 *
 * <p>Compression defaults to ZSTD: on 1000 mixed sample events, 34 KB against SNAPPY's 57 KB and
 * GZIP's 38 KB, at a decode cost close to SNAPPY's; Trino, Spark and DuckDB all read it.
 */
public final class ParquetEventWriter {

    /**
     * One event to write, with its receive, send and corrected times: either the envelope, or its
     * wire bytes as stored in the stream (read by {@link WireEvent} without building the envelope).
     */
    public record Row(EventEnvelope event, byte[] wire, EventTimes times) {

        public Row(EventEnvelope event, EventTimes times) {
            this(event, null, times);
        }

        /** An event as the stream holds it: its protobuf bytes. */
        public static Row stored(byte[] wire, EventTimes times) {
            return new Row(null, wire, times);
        }
    }

    private final CompressionCodecName codec;
    private final Configuration hadoop = new Configuration(false);
    /**
     * Each thread's compressors, kept from file to file: a ParquetWriter otherwise makes a codec
     * factory and a compressor with its buffers for every file (an eighth of the sink's garbage).
     * Compressors are not thread-safe; a thread writes one file at a time.
     */
    private final ThreadLocal<CompressionCodecFactory> codecs = ThreadLocal.withInitial(() -> new KeptCodecs(
            new CodecFactory(hadoop, ParquetProperties.DEFAULT_PAGE_SIZE)));

    public ParquetEventWriter(String compression) {
        try {
            this.codec = CompressionCodecName.valueOf(compression.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown Parquet compression '" + compression
                    + "'; use ZSTD, SNAPPY, GZIP or UNCOMPRESSED", e);
        }
    }

    public byte[] write(List<Row> rows) {
        InMemoryOutputFile file = new InMemoryOutputFile(Math.max(4096, rows.size() * 128));
        try (ParquetWriter<Row> writer = new Builder(file)
                .withConf(hadoop)
                .withCompressionCodec(codec)
                .withCodecFactory(codecs.get())
                .withDictionaryEncoding(true)
                // unique per row: a dictionary would only be built to be thrown away
                .withDictionaryEncoding("id", false)
                .withDictionaryEncoding("timestamp_ms", false)
                .withDictionaryEncoding("correlation_id", false)
                .withDictionaryEncoding("idempotency_key", false)
                .withDictionaryEncoding("received_at_ms", false)
                .withDictionaryEncoding("event_time_ms", false)
                .withDictionaryEncoding("sent_at_ms", false)
                // no reader prunes on the min and max of a JSON text; size statistics serve no reader of ours
                .withStatisticsEnabled("payload_json", false)
                .withSizeStatisticsEnabled(false)
                .build()) {
            for (Row row : rows) {
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a Parquet file of " + rows.size() + " events", e);
        }
        return file.toByteArray();
    }

    /**
     * A thread's codec factory, which the ParquetWriter closing a file does not release; ZSTD
     * pages go through the thread's {@link ZstdPages}.
     */
    private record KeptCodecs(CodecFactory codecs, ZstdPages zstd) implements CompressionCodecFactory {

        KeptCodecs(CodecFactory codecs) {
            this(codecs, new ZstdPages());
        }

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName name) {
            return name == CompressionCodecName.ZSTD ? zstd : codecs.getCompressor(name);
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName name) {
            return codecs.getDecompressor(name);
        }

        @Override
        public void release() {
            // kept for the thread's next file
        }
    }

    /** A writer of {@link Row}s through {@link EventWriteSupport}. */
    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {

        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration configuration) {
            return new EventWriteSupport();
        }
    }

    public CompressionCodecName codec() {
        return codec;
    }
}
