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

import java.util.Locale;

/** Turns a stored event into a row of {@link EventSchema}. Empty strings and unspecified enums become null. */
public final class EventRecords {

    private static final JsonFormat.Printer PAYLOAD_JSON = JsonFormat.printer()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();

    private EventRecords() {
    }

    private static final int WIDTH = EventSchema.COLUMNS.size();
    private static final int ID = column("id");
    private static final int DEVICE_ID = column("device_id");
    private static final int TIMESTAMP_MS = column("timestamp_ms");
    private static final int EVENT_CATEGORY = column("event_category");
    private static final int EVENT_TYPE = column("event_type");
    private static final int PLATFORM = column("platform");
    private static final int OS_VERSION = column("os_version");
    private static final int APP_VERSION = column("app_version");
    private static final int PAYLOAD_JSON_COLUMN = column("payload_json");
    private static final int CORRELATION_ID = column("correlation_id");
    private static final int IDEMPOTENCY_KEY = column("idempotency_key");
    private static final int BUILD_NUMBER = column("build_number");
    private static final int DEVICE_MODEL = column("device_model");
    private static final int MANUFACTURER = column("manufacturer");
    private static final int SCREEN_WIDTH = column("screen_width");
    private static final int SCREEN_HEIGHT = column("screen_height");
    private static final int LOCALE = column("locale");
    private static final int TIMEZONE = column("timezone");
    private static final int NETWORK_TYPE = column("network_type");
    private static final int CARRIER = column("carrier");
    private static final int IS_JAILBROKEN = column("is_jailbroken");
    private static final int IS_EMULATOR = column("is_emulator");
    private static final int SDK_VERSION = column("sdk_version");
    private static final int RECEIVED_AT_MS = column("received_at_ms");
    private static final int EVENT_TIME_MS = column("event_time_ms");
    private static final int SENT_AT_MS = column("sent_at_ms");

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
}
