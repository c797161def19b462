package dev.causality.parquet;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.causality.event.EventKind;
import dev.causality.event.EventTimes;
import dev.causality.proto.v1.DeviceContext;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.NetworkType;
import dev.causality.proto.v1.Platform;

import org.apache.parquet.io.api.Binary;

import java.util.Arrays;
import java.util.Locale;

/** Turns a stored event into a row of {@link EventSchema}. Empty strings and unspecified enums become null. */
public final class EventRecords {

    private static final JsonFormat.Printer PAYLOAD_JSON = JsonFormat.printer()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();

    private EventRecords() {
    }

    static final int WIDTH = EventSchema.COLUMNS.size();
    static final int ID = column("id");
    static final int DEVICE_ID = column("device_id");
    static final int TIMESTAMP_MS = column("timestamp_ms");
    static final int EVENT_CATEGORY = column("event_category");
    static final int EVENT_TYPE = column("event_type");
    static final int PLATFORM = column("platform");
    static final int OS_VERSION = column("os_version");
    static final int APP_VERSION = column("app_version");
    static final int PAYLOAD_JSON_COLUMN = column("payload_json");
    static final int CORRELATION_ID = column("correlation_id");
    static final int IDEMPOTENCY_KEY = column("idempotency_key");
    static final int BUILD_NUMBER = column("build_number");
    static final int DEVICE_MODEL = column("device_model");
    static final int MANUFACTURER = column("manufacturer");
    static final int SCREEN_WIDTH = column("screen_width");
    static final int SCREEN_HEIGHT = column("screen_height");
    static final int LOCALE = column("locale");
    static final int TIMEZONE = column("timezone");
    static final int NETWORK_TYPE = column("network_type");
    static final int CARRIER = column("carrier");
    static final int IS_JAILBROKEN = column("is_jailbroken");
    static final int IS_EMULATOR = column("is_emulator");
    static final int SDK_VERSION = column("sdk_version");
    static final int RECEIVED_AT_MS = column("received_at_ms");
    static final int EVENT_TIME_MS = column("event_time_ms");
    static final int SENT_AT_MS = column("sent_at_ms");

    /**
     * The row of a stored event: one value per column of {@link EventSchema#COLUMNS}, in that order
     * ({@code String}, {@code Long}, {@code Integer}, {@code Boolean}, or null).
     */
    public static Object[] values(EventEnvelope event, EventTimes times) {
        EventKind kind = EventKind.of(event);
        Object[] row = new Object[WIDTH];
        row[ID] = event.getId();
        row[DEVICE_ID] = event.getDeviceId();
        row[TIMESTAMP_MS] = event.getTimestampMs();
        row[EVENT_CATEGORY] = kind.category();
        row[EVENT_TYPE] = kind.type();
        row[PAYLOAD_JSON_COLUMN] = payloadJson(event);
        row[CORRELATION_ID] = blankToNull(event.getCorrelationId());
        row[IDEMPOTENCY_KEY] = blankToNull(event.getIdempotencyKey());
        row[RECEIVED_AT_MS] = times.receivedAtMs();
        row[EVENT_TIME_MS] = times.eventTimeMs();
        row[SENT_AT_MS] = times.hasSentAt() ? times.sentAtMs() : null;
        if (event.hasDeviceContext()) {
            DeviceContext device = event.getDeviceContext();
            row[PLATFORM] = platform(device.getPlatform());
            row[OS_VERSION] = blankToNull(device.getOsVersion());
            row[APP_VERSION] = blankToNull(device.getAppVersion());
            row[BUILD_NUMBER] = blankToNull(device.getBuildNumber());
            row[DEVICE_MODEL] = blankToNull(device.getDeviceModel());
            row[MANUFACTURER] = blankToNull(device.getManufacturer());
            row[SCREEN_WIDTH] = device.getScreenWidth();
            row[SCREEN_HEIGHT] = device.getScreenHeight();
            row[LOCALE] = blankToNull(device.getLocale());
            row[TIMEZONE] = blankToNull(device.getTimezone());
            row[NETWORK_TYPE] = networkType(device.getNetworkType());
            row[CARRIER] = blankToNull(device.getCarrier());
            row[IS_JAILBROKEN] = device.getIsJailbroken();
            row[IS_EMULATOR] = device.getIsEmulator();
            row[SDK_VERSION] = blankToNull(device.getSdkVersion());
        }
        return row;
    }

    private static int column(String name) {
        for (int i = 0; i < EventSchema.COLUMNS.size(); i++) {
            if (EventSchema.COLUMNS.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name + " in the lake schema");
    }

    /** The payload message alone, as protobuf JSON with the .proto field names and enum names. */
    static String payloadJson(EventEnvelope event) {
        var field = EventEnvelope.getDescriptor().findFieldByNumber(event.getPayloadCase().getNumber());
        try {
            return PAYLOAD_JSON.print((Message) event.getField(field));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print the payload of event " + event.getId(), e);
        }
    }

    static String platform(Platform platform) {
        return switch (platform) {
            case PLATFORM_IOS -> "ios";
            case PLATFORM_ANDROID -> "android";
            case PLATFORM_WEB -> "web";
            default -> null;
        };
    }

    static String networkType(NetworkType type) {
        if (type == NetworkType.NETWORK_TYPE_UNSPECIFIED || type == NetworkType.UNRECOGNIZED) {
            return null;
        }
        return type.name().substring("NETWORK_TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /**
     * The row {@link WireEvent} just read, as {@link #values(EventEnvelope, EventTimes)} makes it from
     * the parsed envelope; strings are slices of the stored message's bytes, not decoded and encoded again.
     */
    static Object[] values(WireEvent wire, EventTimes times, Object[] row) {
        Arrays.fill(row, null);
        byte[] data = wire.data;
        row[ID] = envelopeString(wire, EventEnvelope.ID_FIELD_NUMBER);
        row[DEVICE_ID] = envelopeString(wire, EventEnvelope.DEVICE_ID_FIELD_NUMBER);
        row[TIMESTAMP_MS] = wire.timestampMs;
        row[EVENT_CATEGORY] = Binary.fromConstantByteArray(wire.category());
        byte[] type = wire.fixedType();
        row[EVENT_TYPE] = type != null ? Binary.fromConstantByteArray(type) : wire.customType();
        row[PAYLOAD_JSON_COLUMN] = Binary.fromReusedByteArray(wire.json, 0, wire.jsonLength);
        row[CORRELATION_ID] = blankToNull(data, wire.stringOffset(EventEnvelope.CORRELATION_ID_FIELD_NUMBER),
                wire.stringLength(EventEnvelope.CORRELATION_ID_FIELD_NUMBER));
        row[IDEMPOTENCY_KEY] = blankToNull(data, wire.stringOffset(EventEnvelope.IDEMPOTENCY_KEY_FIELD_NUMBER),
                wire.stringLength(EventEnvelope.IDEMPOTENCY_KEY_FIELD_NUMBER));
        row[RECEIVED_AT_MS] = times.receivedAtMs();
        row[EVENT_TIME_MS] = times.eventTimeMs();
        row[SENT_AT_MS] = times.hasSentAt() ? times.sentAtMs() : null;
        if (wire.hasDevice) {
            Platform platform = wire.platformValue();
            NetworkType network = wire.networkTypeValue();
            row[PLATFORM] = platform == null ? null : platform(platform);
            row[OS_VERSION] = device(wire, DeviceContext.OS_VERSION_FIELD_NUMBER);
            row[APP_VERSION] = device(wire, DeviceContext.APP_VERSION_FIELD_NUMBER);
            row[BUILD_NUMBER] = device(wire, DeviceContext.BUILD_NUMBER_FIELD_NUMBER);
            row[DEVICE_MODEL] = device(wire, DeviceContext.DEVICE_MODEL_FIELD_NUMBER);
            row[MANUFACTURER] = device(wire, DeviceContext.MANUFACTURER_FIELD_NUMBER);
            row[SCREEN_WIDTH] = wire.screenWidth;
            row[SCREEN_HEIGHT] = wire.screenHeight;
            row[LOCALE] = device(wire, DeviceContext.LOCALE_FIELD_NUMBER);
            row[TIMEZONE] = device(wire, DeviceContext.TIMEZONE_FIELD_NUMBER);
            row[NETWORK_TYPE] = network == null ? null : networkType(network);
            row[CARRIER] = device(wire, DeviceContext.CARRIER_FIELD_NUMBER);
            row[IS_JAILBROKEN] = wire.jailbroken;
            row[IS_EMULATOR] = wire.emulator;
            row[SDK_VERSION] = device(wire, DeviceContext.SDK_VERSION_FIELD_NUMBER);
        }
        return row;
    }

    /** A string the row always has: empty when the envelope leaves it out, as protobuf reads it. */
    private static Binary envelopeString(WireEvent wire, int field) {
        return slice(wire.data, Math.max(wire.stringOffset(field), 0), wire.stringLength(field));
    }

    private static Binary device(WireEvent wire, int field) {
        return blankToNull(wire.data, wire.deviceString(field), wire.deviceStringLength(field));
    }

    private static Binary blankToNull(byte[] data, int offset, int length) {
        return offset < 0 || length == 0 ? null : slice(data, offset, length);
    }

    private static Binary slice(byte[] data, int offset, int length) {
        return Binary.fromConstantByteArray(data, offset, length);
    }
}
