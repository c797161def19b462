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
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.util.Locale;

/** Turns a stored event into a row of {@link EventSchema}. Empty strings and unspecified enums become null. */
public final class EventRecords {

    private static final JsonFormat.Printer PAYLOAD_JSON = JsonFormat.printer()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();

    private EventRecords() {
    }

    public static GenericRecord toRecord(EventEnvelope event, EventTimes times) {
        EventKind kind = EventKind.of(event);
        GenericRecord row = new GenericData.Record(EventSchema.SCHEMA);
        row.put("id", event.getId());
        row.put("device_id", event.getDeviceId());
        row.put("timestamp_ms", event.getTimestampMs());
        row.put("event_category", kind.category());
        row.put("event_type", kind.type());
        row.put("payload_json", payloadJson(event));
        row.put("correlation_id", blankToNull(event.getCorrelationId()));
        row.put("idempotency_key", blankToNull(event.getIdempotencyKey()));
        row.put("received_at_ms", times.receivedAtMs());
        row.put("event_time_ms", times.eventTimeMs());
        row.put("sent_at_ms", times.hasSentAt() ? times.sentAtMs() : null);
        if (event.hasDeviceContext()) {
            DeviceContext device = event.getDeviceContext();
            row.put("platform", platform(device.getPlatform()));
            row.put("os_version", blankToNull(device.getOsVersion()));
            row.put("app_version", blankToNull(device.getAppVersion()));
            row.put("build_number", blankToNull(device.getBuildNumber()));
            row.put("device_model", blankToNull(device.getDeviceModel()));
            row.put("manufacturer", blankToNull(device.getManufacturer()));
            row.put("screen_width", device.getScreenWidth());
            row.put("screen_height", device.getScreenHeight());
            row.put("locale", blankToNull(device.getLocale()));
            row.put("timezone", blankToNull(device.getTimezone()));
            row.put("network_type", networkType(device.getNetworkType()));
            row.put("carrier", blankToNull(device.getCarrier()));
            row.put("is_jailbroken", device.getIsJailbroken());
            row.put("is_emulator", device.getIsEmulator());
            row.put("sdk_version", blankToNull(device.getSdkVersion()));
        }
        return row;
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
