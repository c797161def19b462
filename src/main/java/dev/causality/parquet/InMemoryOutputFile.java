package dev.causality.parquet;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.ByteArrayOutputStream;

/** A Parquet {@link OutputFile} in memory: a batch becomes one byte array, uploaded as is. */
final class InMemoryOutputFile implements OutputFile {

    private final ByteArrayOutputStream bytes;

    InMemoryOutputFile(int initialCapacity) {
        this.bytes = new ByteArrayOutputStream(initialCapacity);
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return bytes.size();
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        bytes.reset();
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "memory";
    }
}
