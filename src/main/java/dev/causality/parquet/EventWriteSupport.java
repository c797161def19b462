package dev.causality.parquet;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.util.List;
import java.util.Map;

/**
 * Writes {@link ParquetEventWriter.Row}s straight to Parquet's record consumer, column by column
 * of {@link EventSchema#COLUMNS}: the Parquet schema is the one parquet-avro derives from
 * {@link EventSchema#SCHEMA} (and the Avro schema is in the footer, as parquet-avro writes it), so
 * files read exactly as before, without an Avro record per row (a hash lookup per field, a
 * union resolution per nullable value) on the sink's hottest path.
 */
final class EventWriteSupport extends WriteSupport<ParquetEventWriter.Row> {

    static final MessageType PARQUET_SCHEMA = new AvroSchemaConverter(new Configuration(false))
            .convert(EventSchema.SCHEMA);
    private static final Map<String, String> FOOTER = Map.of("parquet.avro.schema", EventSchema.SCHEMA.toString(),
            "writer.model.name", "avro");
    private static final List<EventSchema.Column> COLUMNS = EventSchema.COLUMNS;

    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(PARQUET_SCHEMA, FOOTER);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(ParquetEventWriter.Row row) {
        Object[] values = EventRecords.values(row.event(), row.times());
        out.startMessage();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue; // an optional column left null (EventRecords sets every required one)
            }
            EventSchema.Column column = COLUMNS.get(i);
            out.startField(column.name(), i);
            switch (column.type()) {
                case STRING -> out.addBinary(Binary.fromString((String) value));
                case LONG -> out.addLong((Long) value);
                case INT -> out.addInteger((Integer) value);
                case BOOLEAN -> out.addBoolean((Boolean) value);
            }
            out.endField(column.name(), i);
        }
        out.endMessage();
    }
}
