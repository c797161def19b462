package dev.causality.parquet;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causality.proto.v1.EventEnvelope;
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
    private final WireEvent wire = new WireEvent();
    private final Object[] row = new Object[EventRecords.WIDTH];

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
        Object[] values;
        if (row.wire() != null && wire.read(row.wire())) {
            values = EventRecords.values(wire, row.times(), this.row);
        } else {
            values = EventRecords.values(row.event() != null ? row.event() : parse(row.wire()), row.times());
        }
        out.startMessage();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue; // an optional column left null (EventRecords sets every required one)
            }
            EventSchema.Column column = COLUMNS.get(i);
            out.startField(column.name(), i);
            switch (column.type()) {
                case STRING -> out.addBinary(value instanceof Binary binary ? binary : Binary.fromString((String) value));
                case LONG -> out.addLong((Long) value);
                case INT -> out.addInteger((Integer) value);
                case BOOLEAN -> out.addBoolean((Boolean) value);
            }
            out.endField(column.name(), i);
        }
        out.endMessage();
    }

    private static EventEnvelope parse(byte[] wire) {
        try {
            return EventEnvelope.parseFrom(wire);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a causality.v1.EventEnvelope: " + e.getMessage(), e);
        }
    }

}
