package dev.causality.parquet;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

import java.util.List;

/**
 * The columns of a lake file (partition columns live in the path only), in file order. Required
 * columns are always set; the others are null when the event did not carry them.
 *
 * <p>How the lake's schema changes: a column is only ever appended to {@link #COLUMNS}, with the
 * next {@link #VERSION} as its {@code addedIn}, never renamed, retyped or removed. Files written
 * earlier lack it and read it as null (readers match Parquet columns by name), and at start-up the
 * sink adds it to an existing Trino table in place ({@code ALTER TABLE ... ADD COLUMN}), so
 * nothing is rewritten.
 */
public final class EventSchema {

    /** The lake schema version this code writes: the highest {@code addedIn} of its columns. */
    public static final int VERSION = 2;

    public enum Type {
        STRING("VARCHAR"), LONG("BIGINT"), INT("INTEGER"), BOOLEAN("BOOLEAN");

        private final String sql;

        Type(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }

    /** One column: its name, type, whether every row has it, and the lake schema version that added it. */
    public record Column(String name, Type type, boolean required, int addedIn) {
    }

    public static final List<Column> COLUMNS = List.of(
            required("id", Type.STRING, 1),
            required("device_id", Type.STRING, 1),
            required("timestamp_ms", Type.LONG, 1),
            required("event_category", Type.STRING, 1),
            required("event_type", Type.STRING, 1),
            optional("platform", Type.STRING, 1),
            optional("os_version", Type.STRING, 1),
            optional("app_version", Type.STRING, 1),
            required("payload_json", Type.STRING, 1),
            optional("correlation_id", Type.STRING, 1),
            optional("idempotency_key", Type.STRING, 1),
            optional("build_number", Type.STRING, 1),
            optional("device_model", Type.STRING, 1),
            optional("manufacturer", Type.STRING, 1),
            optional("screen_width", Type.INT, 1),
            optional("screen_height", Type.INT, 1),
            optional("locale", Type.STRING, 1),
            optional("timezone", Type.STRING, 1),
            optional("network_type", Type.STRING, 1),
            optional("carrier", Type.STRING, 1),
            optional("is_jailbroken", Type.BOOLEAN, 1),
            optional("is_emulator", Type.BOOLEAN, 1),
            optional("sdk_version", Type.STRING, 1),
            required("received_at_ms", Type.LONG, 1),
            // 2: event time corrected by the client's send time (null in files of version 1)
            required("event_time_ms", Type.LONG, 2),
            optional("sent_at_ms", Type.LONG, 2));

    public static final Schema SCHEMA = avro(COLUMNS);

    private EventSchema() {
    }

    private static Column required(String name, Type type, int addedIn) {
        return new Column(name, type, true, addedIn);
    }

    private static Column optional(String name, Type type, int addedIn) {
        return new Column(name, type, false, addedIn);
    }

    private static Schema avro(List<Column> columns) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Event").namespace("dev.causality.lake").fields();
        for (Column column : columns) {
            fields = switch (column.type()) {
                case STRING -> column.required() ? fields.requiredString(column.name()) : fields.optionalString(column.name());
                case LONG -> column.required() ? fields.requiredLong(column.name()) : fields.optionalLong(column.name());
                case INT -> column.required() ? fields.requiredInt(column.name()) : fields.optionalInt(column.name());
                case BOOLEAN -> column.required()
                        ? fields.requiredBoolean(column.name()) : fields.optionalBoolean(column.name());
            };
        }
        return fields.endRecord();
    }
}
