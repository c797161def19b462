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

    @Test
    void deviceColumnsAreNullWithoutADeviceContextAndBlankStringsNullWithOne() {
        EventEnvelope bare = Events.custom("a", "d1", "x").toBuilder().setId("bare").build();
        EventEnvelope phone = Events.buttonTap("a", "d2").toBuilder().setId("phone")
                .setDeviceContext(dev.causality.proto.v1.DeviceContext.newBuilder()
                        .setPlatform(dev.causality.proto.v1.Platform.PLATFORM_ANDROID).setOsVersion("")
                        .setScreenWidth(1080).setIsEmulator(true))
                .build();
        List<GenericRecord> rows = ParquetFiles.read(new ParquetEventWriter("zstd").write(List.of(
                new ParquetEventWriter.Row(bare, EventTimes.of(1, 2, 0)),
                new ParquetEventWriter.Row(phone, EventTimes.of(3, 4, 0)))));
        GenericRecord first = rows.get(0);
        assertEquals("bare", first.get("id").toString());
        assertEquals("d1", first.get("device_id").toString());
        for (String device : List.of("platform", "os_version", "screen_width", "is_emulator", "is_jailbroken",
                "sdk_version", "correlation_id", "sent_at_ms")) {
            assertNull(first.get(device), device);
        }
        GenericRecord second = rows.get(1);
        assertEquals("android", second.get("platform").toString());
        assertNull(second.get("os_version"), "a blank string is null");
        assertEquals(1080, second.get("screen_width"));
        assertEquals(0, second.get("screen_height"), "set with the device context, as the proto reads it");
        assertEquals(true, second.get("is_emulator"));
        assertEquals(false, second.get("is_jailbroken"));
        assertEquals(4L, second.get("received_at_ms"));
    }

    @Test
    void uniqueColumnsSkipTheDictionaryAndRepeatedOnesUseIt() throws Exception {
        List<ParquetEventWriter.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new ParquetEventWriter.Row(Events.screenView("a", "d", "home").toBuilder().setId("id-" + i)
                    .setTimestampMs(1000 + i).build(), EventTimes.of(1000 + i, 2000 + i, 0)));
        }
        byte[] file = new ParquetEventWriter("zstd").write(rows);
        java.util.Map<String, java.util.Set<org.apache.parquet.column.Encoding>> encodings = new java.util.HashMap<>();
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(ParquetFiles.inputFile(file))) {
            for (var chunk : reader.getFooter().getBlocks().get(0).getColumns()) {
                encodings.put(chunk.getPath().toDotString(), chunk.getEncodings());
            }
        }
        assertTrue(encodings.get("id").stream().noneMatch(org.apache.parquet.column.Encoding::usesDictionary),
                encodings.get("id").toString());
        assertTrue(encodings.get("timestamp_ms").stream().noneMatch(org.apache.parquet.column.Encoding::usesDictionary));
        assertTrue(encodings.get("event_type").stream().anyMatch(org.apache.parquet.column.Encoding::usesDictionary),
                encodings.get("event_type").toString());
    }

    /**
     * ZSTD pages go through one native context and one output buffer per thread ({@link ZstdPages}):
     * files of several pages per column, one after the other on the same thread, the large one
     * before a small one, read back row for row.
     */
    @Test
    void zstdPagesOfConsecutiveFilesOnOneThreadReadBack() {
        ParquetEventWriter writer = new ParquetEventWriter("zstd");
        for (int size : List.of(45_000, 3, 21_000)) { // Parquet starts a page every 20,000 rows at most
            List<ParquetEventWriter.Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < size; i++) {
                EventEnvelope event = Events.screenView("a", "device-" + (i % 97), "screen-" + i).toBuilder()
                        .setId(size + "-" + i).setTimestampMs(i).build();
                rows.add(ParquetEventWriter.Row.stored(event.toByteArray(), EventTimes.of(i, i, 0)));
            }
            List<GenericRecord> read = ParquetFiles.read(writer.write(rows));
            assertEquals(size, read.size());
            for (int i = 0; i < size; i++) {
                GenericRecord row = read.get(i);
                assertEquals(size + "-" + i, row.get("id").toString());
                assertEquals("device-" + (i % 97), row.get("device_id").toString());
                assertTrue(row.get("payload_json").toString().contains("screen-" + i + "\""), row.get("payload_json").toString());
            }
        }
    }
}
