package dev.causality.batch;

import dev.causality.lake.LakeKeys;
import dev.causality.parquet.ParquetEventWriter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.concurrent.Semaphore;

/**
 * Sink, step 3: a completed batch becomes one Parquet file in memory, with its lake key in the
 * headers the S3 and file producers read. The batch itself moves to the {@link #BATCH} property,
 * for the ack after the upload. A batch that cannot be encoded is dead-lettered.
 */
public class EncodeParquet implements Processor {

    public static final String BATCH = "CausalityBatch";
    public static final String ENCODED_AT = "CausalityEncodedAt";
    /** Which lake the file goes to: {@code s3} or {@code local}. */
    public static final String LAKE = "CausalityLake";

    private final ParquetEventWriter writer;
    private final String lake;
    /**
     * Files encoded at the same time at most: one per core. The writer threads are more (an upload
     * waits on the lake's latency, not on a core); encoding on more threads than cores only took
     * turns on them, each thread's Parquet buffers and dictionaries evicting the others' from the
     * caches.
     */
    private final Semaphore encoding = new Semaphore(Runtime.getRuntime().availableProcessors());

    public EncodeParquet(ParquetEventWriter writer, boolean s3) {
        this.writer = writer;
        this.lake = s3 ? "s3" : "local";
    }

    @Override
    public void process(Exchange exchange) {
        EventBatch batch = exchange.getMessage().getBody(EventBatch.class);
        byte[] file;
        encoding.acquireUninterruptibly();
        try {
            file = writer.write(batch.rows());
        } catch (RuntimeException e) {
            exchange.setProperty(BATCH, batch);
            throw new DeadLetterException("cannot encode the batch as Parquet: " + e, e);
        } finally {
            encoding.release();
        }
        String key = LakeKeys.newFileKey(batch.partition(), System.currentTimeMillis());
        exchange.setProperty(BATCH, batch);
        exchange.setProperty(ENCODED_AT, System.nanoTime());
        Message out = exchange.getMessage();
        out.setHeader(LAKE, lake);
        out.setHeader("CamelAwsS3Key", key);
        out.setHeader("CamelAwsS3ContentLength", (long) file.length);
        out.setHeader("CamelAwsS3ContentType", "application/vnd.apache.parquet");
        out.setHeader(Exchange.FILE_NAME, key);
        out.setBody(file);
    }
}
