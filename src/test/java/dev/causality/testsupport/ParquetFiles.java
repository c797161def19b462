package dev.causality.testsupport;

import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads Parquet files back with the parquet-avro reader, from bytes. */
public final class ParquetFiles {

    private ParquetFiles() {
    }

    public static List<GenericRecord> read(byte[] file) {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(inputFile(file))
                .withConf(new Configuration(false)).build()) {
            for (GenericRecord row; (row = reader.read()) != null; ) {
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The compression codec of the first column chunk. */
    public static String codec(byte[] file) {
        try (ParquetFileReader reader = ParquetFileReader.open(inputFile(file))) {
            return reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec().name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InputFile inputFile(byte[] data) {
        return new InputFile() {
            @Override
            public long getLength() {
                return data.length;
            }

            @Override
            public SeekableInputStream newStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(data);
                return new DelegatingSeekableInputStream(in) {
                    @Override
                    public long getPos() {
                        return data.length - in.available();
                    }

                    @Override
                    public void seek(long newPos) {
                        in.reset();
                        in.skip(newPos);
                    }
                };
            }
        };
    }
}
