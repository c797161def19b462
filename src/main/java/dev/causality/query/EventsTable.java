package dev.causality.query;

import dev.causality.lake.HivePartition;
import dev.causality.parquet.EventSchema;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL statements that define and maintain the lake's table in Trino's Hive catalog: the
 * Parquet columns of {@link EventSchema} plus the partition columns of the path. A table created by
 * an earlier version gains the columns added since, in place (see {@link #addMissingColumns}).
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
        String columns = EventSchema.COLUMNS.stream()
                .map(column -> column.name() + ' ' + column.type().sql())
                .collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName() + " (" + columns
                + ", app_id VARCHAR, year INTEGER, month INTEGER, day INTEGER, hour INTEGER) WITH ("
                + "external_location = " + literal(location) + ", format = 'PARQUET', "
                + "partitioned_by = ARRAY['app_id', 'year', 'month', 'day', 'hour'])";
    }

    /** The names of the table's columns, one per row. */
    String listColumns() {
        return "SELECT column_name FROM " + catalog + ".information_schema.columns WHERE table_schema = "
                + literal(schema.toLowerCase(Locale.ROOT)) + " AND table_name = " + literal(table.toLowerCase(Locale.ROOT));
    }

    /**
     * The statements that append the declared columns an existing table lacks, in declared order.
     * Files written before read them as null: Trino matches Parquet columns by name.
     */
    List<String> addMissingColumns(Set<String> existingColumns) {
        return EventSchema.COLUMNS.stream()
                .filter(column -> !existingColumns.contains(column.name()))
                .map(column -> "ALTER TABLE " + qualifiedName() + " ADD COLUMN IF NOT EXISTS " + column.name() + ' '
                        + column.type().sql())
                .toList();
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

}
