package dev.causality.parquet;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.causality.event.EventKind;
import dev.causality.event.Subjects;
import dev.causality.proto.v1.DeviceContext;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.NetworkType;
import dev.causality.proto.v1.Platform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stored {@code EventEnvelope} straight from its wire bytes, in one pass and without
 * building protobuf objects: the columns of its row (strings as slices of the message's own bytes)
 * and its payload as the JSON {@code JsonFormat} would print. The sink's hottest path: parsing each
 * event into objects and printing its payload through {@code JsonFormat}'s reflection took about a
 * third of the sink's CPU and most of its garbage.
 *
 * <p>It reads the encoding protobuf itself writes (fields in number order, each singular field
 * once, valid UTF-8, known fields and enum values, at most one payload). For anything else (unknown
 * fields from a newer SDK, merged messages, duplicate map keys, a payload type with a field kind it
 * does not know) {@link #read} answers false and the caller takes the protobuf path, which gives
 * the same row: the fast path is never a second interpretation of the data. One instance per
 * thread; it reuses its buffers.
 */
public final class WireEvent {

    private static final int MAX_MAP_KEYS = 64;
    private static final PayloadPlan[] PAYLOADS;
    private static final byte[][] CATEGORY;
    private static final byte[][] TYPE;

    static {
        int max = 0;
        for (FieldDescriptor field : EventEnvelope.getDescriptor().getOneofs().get(0).getFields()) {
            max = Math.max(max, field.getNumber());
        }
        PAYLOADS = new PayloadPlan[max + 1];
        CATEGORY = new byte[max + 1][];
        TYPE = new byte[max + 1][];
        for (FieldDescriptor field : EventEnvelope.getDescriptor().getOneofs().get(0).getFields()) {
            PayloadPlan plan = PayloadPlan.of(field.getMessageType());
            if (!plan.supported()) {
                continue; // events of this type take the protobuf path
            }
            EventEnvelope sample = EventEnvelope.newBuilder()
                    .setField(field, com.google.protobuf.DynamicMessage.getDefaultInstance(field.getMessageType()))
                    .build();
            EventKind kind = EventKind.of(sample);
            PAYLOADS[field.getNumber()] = plan;
            CATEGORY[field.getNumber()] = kind.category().getBytes(StandardCharsets.UTF_8);
            TYPE[field.getNumber()] = kind.type().getBytes(StandardCharsets.UTF_8);
        }
    }

    // what the last successful read found
    byte[] data;
    /** The envelope's string fields: (offset, length) in data by field number, offset -1 when absent. */
    private final int[] strings = new int[2 * (EventEnvelope.IDEMPOTENCY_KEY_FIELD_NUMBER + 1)];
    long timestampMs;
    int correlationId = -1;
    int correlationIdLength;
    int idempotencyKey = -1;
    int idempotencyKeyLength;
    boolean hasDevice;
    int platform;
    final int[] deviceStrings = new int[32]; // (offset, length) by DeviceContext field number, offset -1 = absent
    int screenWidth;
    int screenHeight;
    int networkType;
    boolean jailbroken;
    boolean emulator;
    int payload;      // the payload's field number
    private int payloadStart;
    private int payloadEnd;

    // the payload's JSON
    byte[] json = new byte[1024];
    int jsonLength;
    private boolean emit;

    private int pos;
    private final int[] mapKeys = new int[2 * MAX_MAP_KEYS];

    /**
     * Reads an event, with its payload's JSON. False: the bytes are not protobuf's own encoding of a
     * supported event (or not an event at all); nothing read may be used then.
     */
    public boolean read(byte[] data) {
        return read(data, true);
    }

    /** Reads an event to check it and find its app and timestamp, without printing its payload. */
    public boolean check(byte[] data) {
        return read(data, false);
    }

    private boolean read(byte[] bytes, boolean printPayload) {
        data = bytes;
        pos = 0;
        jsonLength = 0;
        emit = printPayload;
        Arrays.fill(strings, -1);
        timestampMs = 0;
        hasDevice = false;
        payload = 0;
        try {
            return envelope(bytes.length) && payload != 0;
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            return false; // a length or varint running past the end
        }
    }

    public String appId() {
        return string(stringOffset(EventEnvelope.APP_ID_FIELD_NUMBER), stringLength(EventEnvelope.APP_ID_FIELD_NUMBER));
    }

    /** The envelope's string field of this number: its offset in {@link #data} (-1 if absent) and length. */
    int stringOffset(int number) {
        return strings[2 * number];
    }

    int stringLength(int number) {
        return Math.max(strings[2 * number + 1], 0);
    }

    public long timestampMs() {
        return timestampMs;
    }

    byte[] category() {
        return CATEGORY[payload];
    }

    /** The event type: fixed per payload, or a custom event's sanitised name. */
    String customType() {
        int end = payloadEnd;
        pos = payloadStart;
        while (pos < end) {
            int tag = varint32();
            if (tag == (1 << 3 | 2)) { // CustomEvent.event_name
                int length = varint32();
                return Subjects.sanitise(new String(data, pos, length, StandardCharsets.UTF_8));
            }
            skip(tag & 7);
        }
        return Subjects.sanitise("");
    }

    byte[] fixedType() {
        return payload == EventEnvelope.CUSTOM_EVENT_FIELD_NUMBER ? null : TYPE[payload];
    }

    Platform platformValue() {
        return Platform.forNumber(platform);
    }

    NetworkType networkTypeValue() {
        return NetworkType.forNumber(networkType);
    }

    private String string(int offset, int length) {
        return offset < 0 ? null : new String(data, offset, length, StandardCharsets.UTF_8);
    }

    private boolean envelope(int end) {
        int last = 0;
        while (pos < end) {
            int tag = varint32();
            int number = tag >>> 3;
            int wireType = tag & 7;
            if (number <= last) {
                return false; // out of order or repeated: not protobuf's own encoding
            }
            last = number;
            switch (number) {
                case EventEnvelope.ID_FIELD_NUMBER, EventEnvelope.APP_ID_FIELD_NUMBER,
                     EventEnvelope.DEVICE_ID_FIELD_NUMBER, EventEnvelope.CORRELATION_ID_FIELD_NUMBER,
                     EventEnvelope.IDEMPOTENCY_KEY_FIELD_NUMBER -> {
                    if (!text(wireType)) return false;
                    strings[2 * number] = pos - lastLength;
                    strings[2 * number + 1] = lastLength;
                }
                case EventEnvelope.TIMESTAMP_MS_FIELD_NUMBER -> {
                    if (wireType != 0) return false;
                    timestampMs = varint64();
                }
                case EventEnvelope.DEVICE_CONTEXT_FIELD_NUMBER -> {
                    if (wireType != 2) return false;
                    int length = length();
                    if (!device(pos + length)) return false;
                }
                default -> {
                    if (wireType != 2 || number >= PAYLOADS.length || PAYLOADS[number] == null || payload != 0) {
                        return false; // an unknown field, an unsupported payload, or a second payload
                    }
                    payload = number;
                    int length = length();
                    payloadStart = pos;
                    payloadEnd = pos + length;
                    if (!message(PAYLOADS[number], payloadEnd)) return false;
                }
            }
        }
        return pos == end;
    }

    private boolean device(int end) {
        hasDevice = true;
        platform = 0;
        networkType = 0;
        screenWidth = screenHeight = 0;
        jailbroken = emulator = false;
        Arrays.fill(deviceStrings, -1);
        int last = 0;
        while (pos < end) {
            int tag = varint32();
            int number = tag >>> 3;
            int wireType = tag & 7;
            if (number <= last) {
                return false;
            }
            last = number;
            switch (number) {
                case DeviceContext.PLATFORM_FIELD_NUMBER, DeviceContext.SCREEN_WIDTH_FIELD_NUMBER,
                     DeviceContext.SCREEN_HEIGHT_FIELD_NUMBER, DeviceContext.NETWORK_TYPE_FIELD_NUMBER,
                     DeviceContext.IS_JAILBROKEN_FIELD_NUMBER, DeviceContext.IS_EMULATOR_FIELD_NUMBER -> {
                    if (wireType != 0) return false;
                    long value = varint64();
                    switch (number) {
                        case DeviceContext.PLATFORM_FIELD_NUMBER -> platform = (int) value;
                        case DeviceContext.SCREEN_WIDTH_FIELD_NUMBER -> screenWidth = (int) value;
                        case DeviceContext.SCREEN_HEIGHT_FIELD_NUMBER -> screenHeight = (int) value;
                        case DeviceContext.NETWORK_TYPE_FIELD_NUMBER -> networkType = (int) value;
                        case DeviceContext.IS_JAILBROKEN_FIELD_NUMBER -> jailbroken = value != 0;
                        default -> emulator = value != 0;
                    }
                }
                case DeviceContext.OS_VERSION_FIELD_NUMBER, DeviceContext.APP_VERSION_FIELD_NUMBER,
                     DeviceContext.BUILD_NUMBER_FIELD_NUMBER, DeviceContext.DEVICE_MODEL_FIELD_NUMBER,
                     DeviceContext.MANUFACTURER_FIELD_NUMBER, DeviceContext.LOCALE_FIELD_NUMBER,
                     DeviceContext.TIMEZONE_FIELD_NUMBER, DeviceContext.CARRIER_FIELD_NUMBER,
                     DeviceContext.SDK_VERSION_FIELD_NUMBER -> {
                    if (!text(wireType)) return false;
                    deviceStrings[2 * number] = pos - lastLength;
                    deviceStrings[2 * number + 1] = lastLength;
                }
                default -> {
                    return false;
                }
            }
        }
        return pos == end;
    }

    /** The device context's string field of this number: its offset (-1 if absent) and length. */
    int deviceString(int number) {
        return deviceStrings[2 * number];
    }

    int deviceStringLength(int number) {
        return deviceStrings[2 * number + 1];
    }

    // --- the payload as JSON -----------------------------------------------------------------

    private boolean message(PayloadPlan plan, int end) {
        put('{');
        PayloadPlan.Field[] fields = plan.fields;
        int next = 0;
        int last = 0;
        boolean first = true;
        PayloadPlan.Field open = null;
        while (pos < end) {
            int tag = varint32();
            int number = tag >>> 3;
            PayloadPlan.Field field = plan.field(number);
            if (field == null) {
                return false;
            }
            if (number == last) {
                if (!field.repeated) {
                    return false;
                }
                put(',');
            } else {
                if (number < last) {
                    return false;
                }
                if (open != null) {
                    put(open.map ? '}' : ']');
                    open = null;
                }
                while (fields[next].number < number) {
                    first = absent(fields[next++], first);
                }
                next++;
                if (!first) {
                    put(',');
                }
                first = false;
                put(field.key);
                if (field.repeated) {
                    put(field.map ? '{' : '[');
                    open = field;
                    mapKeyCount = 0;
                }
                last = number;
            }
            if (!value(field, tag & 7)) {
                return false;
            }
        }
        if (open != null) {
            put(open.map ? '}' : ']');
        }
        while (next < fields.length) {
            first = absent(fields[next++], first);
        }
        put('}');
        return pos == end;
    }

    /** A field not on the wire: JsonFormat prints its default, except a message's (it has presence). */
    private boolean absent(PayloadPlan.Field field, boolean first) {
        if (field.kind == PayloadPlan.Kind.MESSAGE && !field.repeated) {
            return first;
        }
        if (!first) {
            put(',');
        }
        put(field.key);
        if (field.repeated) {
            put(field.map ? '{' : '[');
            put(field.map ? '}' : ']');
        } else {
            putDefault(field);
        }
        return false;
    }

    private void putDefault(PayloadPlan.Field field) {
        switch (field.kind) {
            case STRING -> put(EMPTY_STRING);
            case BOOL -> put(FALSE);
            case INT32 -> put('0');
            case INT64 -> put(ZERO_QUOTED);
            case FLOAT, DOUBLE -> put(ZERO_FLOAT);
            case ENUM -> put(field.enumNames.get(0));
            case MESSAGE -> throw new IllegalStateException("a message field has presence");
        }
    }

    private static final byte[] EMPTY_STRING = "\"\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO_QUOTED = "\"0\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO_FLOAT = "0.0".getBytes(StandardCharsets.US_ASCII);

    private int mapKeyCount;

    private boolean value(PayloadPlan.Field field, int wireType) {
        switch (field.kind) {
            case STRING -> {
                if (!text(wireType)) return false;
                putString(pos - lastLength, lastLength);
            }
            case BOOL -> {
                if (wireType != 0) return false;
                put(varint64() != 0 ? TRUE : FALSE);
            }
            case INT32 -> {
                if (wireType != 0) return false;
                putAscii(Integer.toString((int) varint64()), false);
            }
            case INT64 -> {
                if (wireType != 0) return false;
                putAscii(Long.toString(varint64()), true);
            }
            case FLOAT -> {
                if (wireType != 5) return false;
                putFloating(Float.intBitsToFloat(fixed32()));
            }
            case DOUBLE -> {
                if (wireType != 1) return false;
                putFloating(Double.longBitsToDouble(fixed64()));
            }
            case ENUM -> {
                if (wireType != 0) return false;
                byte[] name = field.enumNames.get((int) varint64());
                if (name == null) return false; // a number the type does not name: JsonFormat prints it bare
                put(name);
            }
            case MESSAGE -> {
                if (wireType != 2) return false;
                int length = length();
                int end = pos + length;
                return field.map ? mapEntry(field.nested, end) : message(field.nested, end);
            }
        }
        return true;
    }

    /** One entry of a map with string keys: {@code "key":value}. A key seen before in the map: false. */
    private boolean mapEntry(PayloadPlan entry, int end) {
        int keyOffset = -1;
        int keyLength = 0;
        int valueTag = -1;
        int valueStart = -1;
        int last = 0;
        while (pos < end) {
            int tag = varint32();
            int number = tag >>> 3;
            if (number <= last || number > 2) {
                return false;
            }
            last = number;
            if (number == 1) {
                if (!text(tag & 7)) return false;
                keyOffset = pos - lastLength;
                keyLength = lastLength;
            } else {
                valueTag = tag;
                valueStart = pos;
                skip(tag & 7);
            }
        }
        if (pos != end || mapKeyCount == MAX_MAP_KEYS) {
            return false;
        }
        for (int i = 0; i < mapKeyCount; i++) {
            if (Arrays.equals(data, mapKeys[2 * i], mapKeys[2 * i] + mapKeys[2 * i + 1],
                    data, Math.max(keyOffset, 0), Math.max(keyOffset, 0) + keyLength)) {
                return false; // protobuf keeps the last value at the first key's place: left to it
            }
        }
        mapKeys[2 * mapKeyCount] = Math.max(keyOffset, 0);
        mapKeys[2 * mapKeyCount + 1] = keyLength;
        mapKeyCount++;
        putString(Math.max(keyOffset, 0), keyLength);
        put(':');
        PayloadPlan.Field value = entry.field(2);
        if (valueTag < 0) {
            putDefault(value);
            return true;
        }
        int resume = pos;
        pos = valueStart;
        boolean ok = value(value, valueTag & 7);
        pos = resume;
        return ok;
    }

    // --- wire primitives -----------------------------------------------------------------------

    private int lastLength;

    /** A length-delimited field holding valid UTF-8: leaves pos after it, its length in lastLength. */
    private boolean text(int wireType) {
        if (wireType != 2) {
            return false;
        }
        int length = length();
        lastLength = length;
        int start = pos;
        pos += length;
        if (pos > data.length) {
            return false;
        }
        return Utf8Check.valid(data, start, pos);
    }

    private int length() {
        int length = varint32();
        if (length < 0 || pos + length > data.length) {
            throw new ArrayIndexOutOfBoundsException("length past the end");
        }
        return length;
    }

    private void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint64();
            case 1 -> pos += 8;
            case 2 -> {
                int length = length(); // (pos += length() would add to pos as it was before the length)
                pos += length;
            }
            case 5 -> pos += 4;
            default -> throw new ArrayIndexOutOfBoundsException("wire type " + wireType);
        }
        if (pos > data.length) {
            throw new ArrayIndexOutOfBoundsException("past the end");
        }
    }

    private int varint32() {
        return (int) varint64();
    }

    private long varint64() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = data[pos++];
            if (shift == 63 && (b & 0xFE) != 0) {
                break; // a tenth byte beyond bit 64: protobuf decides what it means
            }
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new ArrayIndexOutOfBoundsException("malformed varint");
    }

    private int fixed32() {
        int p = pos;
        pos += 4;
        return (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8 | (data[p + 2] & 0xFF) << 16 | (data[p + 3] & 0xFF) << 24;
    }

    private long fixed64() {
        long low = fixed32() & 0xFFFFFFFFL;
        long high = fixed32() & 0xFFFFFFFFL;
        return low | high << 32;
    }

    // --- JSON output ---------------------------------------------------------------------------

    private void ensure(int more) {
        if (jsonLength + more > json.length) {
            json = Arrays.copyOf(json, Math.max(json.length * 2, jsonLength + more));
        }
    }

    private void put(char c) {
        if (emit) {
            ensure(1);
            json[jsonLength++] = (byte) c;
        }
    }

    private void put(byte[] bytes) {
        if (emit) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, json, jsonLength, bytes.length);
            jsonLength += bytes.length;
        }
    }

    private void putAscii(String text, boolean quoted) {
        if (emit) {
            ensure(text.length() + 2);
            if (quoted) {
                json[jsonLength++] = '"';
            }
            for (int i = 0; i < text.length(); i++) {
                json[jsonLength++] = (byte) text.charAt(i);
            }
            if (quoted) {
                json[jsonLength++] = '"';
            }
        }
    }

    /** As JsonFormat: NaN and the infinities as quoted strings, others as Java prints them. */
    private void putFloating(double value) {
        putFloatingText(value, Double.toString(value));
    }

    private void putFloating(float value) {
        putFloatingText(value, Float.toString(value));
    }

    private void putFloatingText(double value, String text) {
        if (Double.isNaN(value)) {
            putAscii("NaN", true);
        } else if (Double.isInfinite(value)) {
            putAscii(value > 0 ? "Infinity" : "-Infinity", true);
        } else {
            putAscii(text, false);
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * A string as gson escapes it for JsonFormat (HTML-safe): quotes, backslashes, control
     * characters, {@code < > & = '} and U+2028/U+2029 escaped; other UTF-8 copied as it is.
     */
    private void putString(int offset, int length) {
        if (!emit) {
            return;
        }
        ensure(length * 6 + 2);
        byte[] out = json;
        int n = jsonLength;
        out[n++] = '"';
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = data[i];
            if (b >= 0) {
                switch (b) {
                    case '"' -> { out[n++] = '\\'; out[n++] = '"'; }
                    case '\\' -> { out[n++] = '\\'; out[n++] = '\\'; }
                    case '\t' -> { out[n++] = '\\'; out[n++] = 't'; }
                    case '\b' -> { out[n++] = '\\'; out[n++] = 'b'; }
                    case '\n' -> { out[n++] = '\\'; out[n++] = 'n'; }
                    case '\r' -> { out[n++] = '\\'; out[n++] = 'r'; }
                    case '\f' -> { out[n++] = '\\'; out[n++] = 'f'; }
                    case '<', '>', '&', '=', '\'' -> n = unicodeEscape(out, n, b);
                    default -> {
                        if (b < 0x20) {
                            n = unicodeEscape(out, n, b);
                        } else {
                            out[n++] = b;
                        }
                    }
                }
            } else if (b == (byte) 0xE2 && i + 2 < end && data[i + 1] == (byte) 0x80
                    && (data[i + 2] == (byte) 0xA8 || data[i + 2] == (byte) 0xA9)) {
                n = unicodeEscape(out, n, data[i + 2] == (byte) 0xA8 ? 0x2028 : 0x2029);
                i += 2;
            } else {
                out[n++] = b;
            }
        }
        out[n++] = '"';
        jsonLength = n;
    }

    private static int unicodeEscape(byte[] out, int n, int c) {
        out[n++] = '\\';
        out[n++] = 'u';
        out[n++] = HEX[(c >> 12) & 0xF];
        out[n++] = HEX[(c >> 8) & 0xF];
        out[n++] = HEX[(c >> 4) & 0xF];
        out[n++] = HEX[c & 0xF];
        return n;
    }
}
