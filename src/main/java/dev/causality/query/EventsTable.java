package dev.causality.query;

import dev.causality.lake.HivePartition;
import dev.causality.parquet.EventSchema;
import org.apache.avro.Schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL statements that define and maintain the lake's table in Trino's Hive catalog: the
 * Parquet columns of {@link EventSchema} plus the partition columns of the path.
 */
public record EventsTable(String catalog, String schema, String table, String location) {

    static final List<String> PARTITION_COLUMNS = List.of("app_id", "year", "month", "day", "hour");

    public String qualifiedName() {
        return catalog + '.' + schema + '.' + table;
    }

    String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS " + catalog + '.' + schema;
    }

    String createTable() {
        String columns = EventSchema.SCHEMA.getFields().stream()
                .map(field -> field.name() + ' ' + sqlType(field.schema()))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName() + " (" + columns
                + ", app_id VARCHAR, year INTEGER, month INTEGER, day INTEGER, hour INTEGER) WITH ("
                + "external_location = " + literal(location) + ", format = 'PARQUET', "
                + "partitioned_by = ARRAY['app_id', 'year', 'month', 'day', 'hour'])";
    }

    String registerPartition(HivePartition partition) {
        return "CALL " + catalog + ".system.register_partition(" + literal(schema) + ", " + literal(table) + ", "
                + "ARRAY['app_id', 'year', 'month', 'day', 'hour'], ARRAY[" + literal(partition.appId()) + ", "
                + literal(Integer.toString(partition.year())) + ", " + literal(Integer.toString(partition.month())) + ", "
                + literal(Integer.toString(partition.day())) + ", " + literal(Integer.toString(partition.hour())) + "])";
    }

    /** Adds every partition directory found in the lake that the metastore does not know yet. */
    String syncPartitions() {
        return "CALL " + catalog + ".system.sync_partition_metadata(" + literal(schema) + ", " + literal(table) + ", 'ADD')";
    }

    static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    private static String sqlType(Schema schema) {
        Schema type = schema.isUnion()
                ? schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow()
                : schema;
        return switch (type.getType()) {
            case STRING -> "VARCHAR";
            case LONG -> "BIGINT";
            case INT -> "INTEGER";
            case BOOLEAN -> "BOOLEAN";
            default -> throw new IllegalStateException("no SQL type for " + type);
        };
    }
}
