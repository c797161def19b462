package dev.causality.parquet;

import dev.causality.event.EventTimes;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.NetworkType;
import dev.causality.testsupport.Events;
import dev.causality.testsupport.ParquetFiles;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetEventWriterTest {

    @Test
    void roundTripsRowsWithTheConfiguredCodec() {
        EventEnvelope event = Events.purchase("shop", "d").toBuilder().setId("p-1").setTimestampMs(42).build();
        for (String codec : List.of("zstd", "SNAPPY", "gzip", "UNCOMPRESSED")) {
            byte[] file = new ParquetEventWriter(codec).write(List.of(
                    new ParquetEventWriter.Row(event, new EventTimes(99, 90, 51))));
            assertEquals(codec.toUpperCase(), ParquetFiles.codec(file));
            GenericRecord row = ParquetFiles.read(file).get(0);
            assertEquals("p-1", row.get("id").toString());
            assertEquals(42L, row.get("timestamp_ms"));
            assertEquals(99L, row.get("received_at_ms"));
            assertEquals(51L, row.get("event_time_ms"));
            assertEquals(90L, row.get("sent_at_ms"));
            assertEquals("purchase_complete", row.get("event_type").toString());
        }
    }

    @Test
    void unknownCodecIsRefusedWithTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ParquetEventWriter("lz9"));
        assertTrue(e.getMessage().contains("ZSTD, SNAPPY"), e.getMessage());
    }

    @Test
    void schemaHasTheContractColumnsInOrder() {
        assertEquals(List.of("id", "device_id", "timestamp_ms", "event_category", "event_type", "platform",
                        "os_version", "app_version", "payload_json", "correlation_id", "idempotency_key",
                        "build_number", "device_model", "manufacturer", "screen_width", "screen_height", "locale",
                        "timezone", "network_type", "carrier", "is_jailbroken", "is_emulator", "sdk_version",
                        "received_at_ms", "event_time_ms", "sent_at_ms"),
                EventSchema.SCHEMA.getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void aClientWithoutSendTimeLeavesSentAtNull() {
        EventEnvelope event = Events.buttonTap("shop", "d").toBuilder().setId("t-1").setTimestampMs(42).build();
        GenericRecord row = ParquetFiles.read(new ParquetEventWriter("zstd").write(List.of(
                new ParquetEventWriter.Row(event, EventTimes.of(42, 99, 0))))).get(0);
        assertNull(row.get("sent_at_ms"));
        assertEquals(42L, row.get("event_time_ms"));
    }

    @Test
    void columnsAreOnlyEverAppended() {
        // a later version's column comes after every column of an earlier one
        int lastVersion = 1;
        for (EventSchema.Column column : EventSchema.COLUMNS) {
            assertTrue(column.addedIn() >= lastVersion, column + " after a column of version " + lastVersion);
            lastVersion = column.addedIn();
        }
        assertEquals(EventSchema.VERSION, lastVersion);
    }

    @Test
    void enumsBecomeLowerCaseNamesAndUnspecifiedNull() {
        assertEquals("cellular_4g", EventRecords.networkType(NetworkType.NETWORK_TYPE_CELLULAR_4G));
        assertEquals("ethernet", EventRecords.networkType(NetworkType.NETWORK_TYPE_ETHERNET));
        assertNull(EventRecords.networkType(NetworkType.NETWORK_TYPE_UNSPECIFIED));
        assertNull(EventRecords.platform(dev.causality.proto.v1.Platform.PLATFORM_UNSPECIFIED));
        assertEquals("web", EventRecords.platform(dev.causality.proto.v1.Platform.PLATFORM_WEB));
    }

    @Test
    void payloadJsonUsesProtoNamesAndEnumNames() {
        EventEnvelope swipe = EventEnvelope.newBuilder().setAppId("a").setDeviceId("d")
                .setSwipeGesture(dev.causality.proto.v1.SwipeGesture.newBuilder()
                        .setDirection(dev.causality.proto.v1.SwipeDirection.SWIPE_DIRECTION_LEFT).setDurationMs(120))
                .build();
        String json = EventRecords.payloadJson(swipe);
        assertTrue(json.contains("\"direction\":\"SWIPE_DIRECTION_LEFT\""), json);
        assertTrue(json.contains("\"duration_ms\":\"120\""), json);
        assertTrue(json.contains("\"screen_name\":\"\""), "fields without presence are printed: " + json);
    }
}
