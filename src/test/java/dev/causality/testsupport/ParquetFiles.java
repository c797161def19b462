package dev.causality.testsupport;

import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads Parquet files back, from bytes: whole rows with the parquet-avro reader, or one column alone. */
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

    /**
     * One string column of every row, read alone (no Avro schema, no other column decoded): the
     * fast way through thousands of files.
     */
    public static List<String> column(byte[] file, String name) {
        List<String> values = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(inputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageType projection = new MessageType(schema.getName(), schema.getType(name));
            reader.setRequestedSchema(projection);
            MessageColumnIO columnIO = new ColumnIOFactory().getColumnIO(projection);
            for (PageReadStore pages; (pages = reader.readNextRowGroup()) != null; ) {
                RecordReader<Group> records = columnIO.getRecordReader(
                        pages, new GroupRecordConverter(projection));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group row = records.read();
                    values.add(row.getFieldRepetitionCount(0) == 0 ? null : row.getString(0, 0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
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
