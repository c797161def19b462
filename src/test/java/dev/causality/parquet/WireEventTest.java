package dev.causality.parquet;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.causality.event.EventTimes;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.testsupport.ParquetFiles;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WireEvent} against protobuf and {@code JsonFormat}: for every payload type, random events
 * (strings with quotes, HTML characters, control characters, U+2028, non-ASCII, emoji; floats with
 * NaN, infinities and -0.0; negative numbers; maps; repeated messages; no device context) give
 * exactly the row {@link EventRecords#values(EventEnvelope, EventTimes)} makes of the parsed
 * envelope; input that is not protobuf's own encoding is either read to the same row or refused.
 */
class WireEventTest {

    private static final EventTimes TIMES = new EventTimes(1_700_000_000_123L, 1_700_000_000_100L, 1_699_999_999_000L);
    private static final String[] PIECES = {"a", "Z", "9", " ", "_", "-", ".", "\"", "\\", "/", "<", ">", "&", "=", "'",
        "\n", "\t", "\b", "\f", "\r", "\u0000", "\u001f", "\u007f", "é", "ß", "日本", "😀", "\u2028", "\u2029",
        "\u2027", "\u202a", "\u00e2\u0080", "\ufeff", "{", "}", "[", "]", ":", ","};

    private final Random random = new Random(20261130);
    private final WireEvent wire = new WireEvent();

    @Test
    void everyPayloadTypeReadsToTheRowProtobufGives() throws Exception {
        List<FieldDescriptor> payloads = EventEnvelope.getDescriptor().getOneofs().get(0).getFields();
        int checked = 0;
        for (FieldDescriptor payload : payloads) {
            for (int i = 0; i < 300; i++) {
                byte[] bytes = envelope(payload).toByteArray();
                EventEnvelope parsed = EventEnvelope.parseFrom(bytes);
                assertTrue(wire.read(bytes), payload.getName() + ": not read: " + parsed + java.util.HexFormat.of().formatHex(bytes));
                assertSameRow(parsed, bytes);
                // protobuf's own serialization of the parsed event (what the collector stores) reads too
                byte[] again = parsed.toByteArray();
                assertTrue(wire.read(again), payload.getName() + ": not read again");
                assertSameRow(parsed, again);
                assertTrue(wire.check(again));
                assertEquals(parsed.getAppId(), wire.appId());
                assertEquals(parsed.getTimestampMs(), wire.timestampMs());
                checked++;
            }
        }
        assertEquals(payloads.size() * 300, checked);
    }

    @Test
    void otherEncodingsAreReadToTheSameRowOrRefused() {
        List<FieldDescriptor> payloads = EventEnvelope.getDescriptor().getOneofs().get(0).getFields();
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] first = envelope(payloads.get(random.nextInt(payloads.size()))).toByteArray();
            byte[] bytes = switch (i % 5) {
                // two envelopes concatenated: protobuf merges them (the last payload wins, strings replaced)
                case 0 -> concat(first, envelope(payloads.get(random.nextInt(payloads.size()))).toByteArray());
                // an unknown field (a newer SDK's)
                case 1 -> concat(first, UnknownFieldSet.newBuilder().addField(8 + random.nextInt(2),
                        UnknownFieldSet.Field.newBuilder().addVarint(random.nextInt(1000)).build()).build().toByteArray());
                // a byte changed
                case 2 -> {
                    byte[] changed = first.clone();
                    changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
                    yield changed;
                }
                // cut short
                case 3 -> Arrays.copyOf(first, random.nextInt(first.length));
                // bytes that are not an envelope at all
                default -> {
                    byte[] noise = new byte[random.nextInt(40)];
                    random.nextBytes(noise);
                    yield noise;
                }
            };
            EventEnvelope parsed;
            try {
                parsed = EventEnvelope.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                assertFalse(wire.read(bytes), "read what protobuf refuses: " + e.getMessage());
                assertFalse(wire.check(bytes));
                refused++;
                continue;
            }
            if (wire.read(bytes)) {
                assertSameRow(parsed, bytes);
                assertTrue(wire.check(bytes));
            } else {
                assertFalse(wire.check(bytes));
                refused++;
            }
        }
        assertTrue(refused > 1000, "refused " + refused);
    }

    @Test
    void mapsWithARepeatedKeyOrAnOmittedValueAreReadAsProtobufReadsThem() throws Exception {
        // custom_event (900) { string_params (2) { key "k" value "1" } { key "k" value "2" } }: protobuf keeps "2"
        byte[] entry1 = {10, 1, 'k', 18, 1, '1'};
        byte[] entry2 = {10, 1, 'k', 18, 1, '2'};
        byte[] valueless = {10, 1, 'v'};
        for (byte[][] entries : List.of(new byte[][] {entry1, entry2}, new byte[][] {valueless}, new byte[][] {entry1, valueless})) {
            byte[] custom = {};
            for (byte[] entry : entries) {
                custom = concat(custom, concat(new byte[] {18, (byte) entry.length}, entry));
            }
            byte[] envelope = concat(new byte[] {10, 1, 'i', 18, 1, 'a'},
                    concat(new byte[] {(byte) 0xA2, 0x38, (byte) custom.length}, custom));
            EventEnvelope parsed = EventEnvelope.parseFrom(envelope);
            assertEquals(900, parsed.getPayloadCase().getNumber());
            if (wire.read(envelope)) {
                assertSameRow(parsed, envelope);
            }
        }
    }

    @Test
    void aFileOfStoredEventsIsTheFileOfTheirEnvelopes() throws Exception {
        List<FieldDescriptor> payloads = EventEnvelope.getDescriptor().getOneofs().get(0).getFields();
        List<ParquetEventWriter.Row> fromEnvelopes = new ArrayList<>();
        List<ParquetEventWriter.Row> fromBytes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] bytes = envelope(payloads.get(i % payloads.size())).toByteArray();
            EventTimes times = i % 2 == 0 ? TIMES : EventTimes.of(i, i + 1, 0);
            fromEnvelopes.add(new ParquetEventWriter.Row(EventEnvelope.parseFrom(bytes), times));
            fromBytes.add(ParquetEventWriter.Row.stored(bytes, times));
        }
        fromBytes.add(ParquetEventWriter.Row.stored(concat(fromBytes.get(0).wire(), new byte[] {64, 1}), TIMES));
        fromEnvelopes.add(new ParquetEventWriter.Row(EventEnvelope.parseFrom(fromBytes.get(500).wire()), TIMES));
        ParquetEventWriter writer = new ParquetEventWriter("zstd");
        List<GenericRecord> expected = ParquetFiles.read(writer.write(fromEnvelopes));
        List<GenericRecord> actual = ParquetFiles.read(writer.write(fromBytes));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).toString(), actual.get(i).toString(), "row " + i);
        }
    }

    private void assertSameRow(EventEnvelope parsed, byte[] bytes) {
        Object[] expected = EventRecords.values(parsed, TIMES);
        assertTrue(wire.read(bytes));
        Object[] actual = EventRecords.values(wire, TIMES, new Object[EventRecords.WIDTH]).clone();
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] instanceof Binary binary) {
                actual[i] = binary.toStringUsingUTF8();
            }
        }
        assertArrayEquals(expected, actual, () -> "event " + parsed + "\nexpected " + Arrays.toString(expected)
                + "\nactual   " + Arrays.toString(actual));
    }

    // --- random events -----------------------------------------------------------------------------

    private DynamicMessage envelope(FieldDescriptor payload) {
        Descriptor type = EventEnvelope.getDescriptor();
        DynamicMessage.Builder event = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getRealContainingOneof() != null) {
                continue;
            }
            if (field.getName().equals("app_id")) {
                event.setField(field, "app-" + random.nextInt(3));
            } else if (field.getType() == FieldDescriptor.Type.MESSAGE) {
                if (random.nextInt(4) > 0) {
                    event.setField(field, message(field.getMessageType(), 0));
                }
            } else if (random.nextInt(5) > 0) {
                event.setField(field, value(field));
            }
        }
        event.setField(payload, message(payload.getMessageType(), 0));
        return event.build();
    }

    private DynamicMessage message(Descriptor type, int depth) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (random.nextInt(5) == 0) {
                continue; // left at its default
            }
            if (field.isMapField()) {
                Set<Object> keys = new HashSet<>();
                FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
                FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
                for (int i = random.nextInt(6); i > 0; i--) {
                    Object k = value(key);
                    if (keys.add(k)) {
                        message.addRepeatedField(field, DynamicMessage.newBuilder(field.getMessageType())
                                .setField(key, k).setField(value, value(value)).build());
                    }
                }
            } else if (field.isRepeated()) {
                for (int i = random.nextInt(4); i > 0; i--) {
                    message.addRepeatedField(field, field.getType() == FieldDescriptor.Type.MESSAGE
                            ? message(field.getMessageType(), depth + 1) : value(field));
                }
            } else if (field.getType() == FieldDescriptor.Type.MESSAGE) {
                if (depth < 3) {
                    message.setField(field, message(field.getMessageType(), depth + 1));
                }
            } else {
                message.setField(field, value(field));
            }
        }
        return message.build();
    }

    private Object value(FieldDescriptor field) {
        return switch (field.getType()) {
            case STRING -> string();
            case BOOL -> random.nextBoolean();
            case INT32 -> switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> -random.nextInt(1000);
                case 2 -> random.nextInt();
                default -> random.nextInt(100);
            };
            case INT64 -> switch (random.nextInt(4)) {
                case 0 -> 0L;
                case 1 -> -random.nextLong();
                case 2 -> random.nextLong();
                default -> (long) random.nextInt(100_000);
            };
            case FLOAT -> new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.5f,
                Float.MIN_VALUE, Float.MAX_VALUE, 1e7f, 1e-3f, random.nextFloat() * 2000 - 1000}[random.nextInt(11)];
            case DOUBLE -> new double[] {0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1,
                Double.MIN_VALUE, Double.MAX_VALUE, 1e7, 1e-3, random.nextDouble() * 1e6 - 5e5}[random.nextInt(11)];
            case ENUM -> {
                List<EnumValueDescriptor> values = field.getEnumType().getValues();
                yield values.get(random.nextInt(values.size()));
            }
            default -> throw new IllegalStateException("no random value for " + field);
        };
    }

    private String string() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
