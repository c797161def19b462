package dev.causality.query;

import dev.causality.parquet.EventSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsTableTest {

    static final EventsTable TABLE = new EventsTable("hive", "causality", "events", "s3://lake/events");

    @Test
    void aTableOfTheFirstVersionGainsTheLaterColumnsInOrder() {
        Set<String> version1 = EventSchema.COLUMNS.stream().filter(c -> c.addedIn() == 1)
                .map(EventSchema.Column::name).collect(Collectors.toSet());
        assertEquals(List.of(
                        "ALTER TABLE hive.causality.events ADD COLUMN IF NOT EXISTS event_time_ms BIGINT",
                        "ALTER TABLE hive.causality.events ADD COLUMN IF NOT EXISTS sent_at_ms BIGINT"),
                TABLE.addMissingColumns(version1));
    }

    @Test
    void aCurrentTableNeedsNothing() {
        Set<String> all = EventSchema.COLUMNS.stream().map(EventSchema.Column::name).collect(Collectors.toSet());
        assertEquals(List.of(), TABLE.addMissingColumns(all));
    }

    @Test
    void aNewTableHasEveryColumn() {
        String ddl = TABLE.createTable();
        assertTrue(ddl.contains("received_at_ms BIGINT, event_time_ms BIGINT, sent_at_ms BIGINT, app_id VARCHAR"), ddl);
    }

    @Test
    void columnsAreListedFromTheCatalogsInformationSchema() {
        assertEquals("SELECT column_name FROM hive.information_schema.columns WHERE table_schema = 'causality' "
                + "AND table_name = 'events'", TABLE.listColumns());
    }
}
