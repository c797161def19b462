package dev.causality.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.codec.ZstandardCodec;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.lang.ref.Cleaner;

/**
 * ZSTD for one thread's Parquet pages: each page compressed in one call, through one native
 * context kept from page to page, at Parquet's default level. Parquet's own ZSTD path opens a
 * zstd-jni stream per page: a native context created and sized for a stream of unknown length
 * (its tables reset for every page of a few KB), and a Java object with a finalizer, so each
 * page's stream waited for the finalizer thread before the GC could free it (thousands pending in
 * a drain's heap). The frames are ordinary ZSTD frames; every reader decodes them the same.
 * Not thread-safe: a thread writes one file at a time. The native context is freed once its
 * compressor is unreachable (its thread ended: a writer route stopped or the process stopping).
 */
final class ZstdPages implements CompressionCodecFactory.BytesInputCompressor {

    private static final Cleaner CONTEXTS = Cleaner.create();

    private final ZstdCompressCtx context = new ZstdCompressCtx()
            .setLevel(ZstandardCodec.DEFAULT_PARQUET_COMPRESS_ZSTD_LEVEL);

    /** The last page's output: Parquet copies a compressed page before it asks for the next. */
    private byte[] out = new byte[0];

    ZstdPages() {
        ZstdCompressCtx kept = context; // the cleaning action must not hold this object
        CONTEXTS.register(this, kept::close);
    }

    @Override
    public BytesInput compress(BytesInput page) throws IOException {
        byte[] in = page.toByteArray();
        int bound = (int) Zstd.compressBound(in.length);
        if (out.length < bound) {
            out = new byte[Math.max(bound, 2 * out.length)];
        }
        int length = context.compressByteArray(out, 0, out.length, in, 0, in.length);
        return BytesInput.from(out, 0, length);
    }

    @Override
    public CompressionCodecName getCodecName() {
        return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {
        // kept for the thread's next file
    }
}
