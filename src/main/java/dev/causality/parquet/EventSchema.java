package dev.causality.parquet;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The columns of a lake file (partition columns live in the path only). Required columns are
 * always set; the others are null when the event did not carry them.
 */
public final class EventSchema {

    public static final Schema SCHEMA = SchemaBuilder.record("Event").namespace("dev.causality.lake")
            .fields()
            .requiredString("id")
            .requiredString("device_id")
            .requiredLong("timestamp_ms")
            .requiredString("event_category")
            .requiredString("event_type")
            .optionalString("platform")
            .optionalString("os_version")
            .optionalString("app_version")
            .requiredString("payload_json")
            .optionalString("correlation_id")
            .optionalString("idempotency_key")
            .optionalString("build_number")
            .optionalString("device_model")
            .optionalString("manufacturer")
            .optionalInt("screen_width")
            .optionalInt("screen_height")
            .optionalString("locale")
            .optionalString("timezone")
            .optionalString("network_type")
            .optionalString("carrier")
            .optionalBoolean("is_jailbroken")
            .optionalBoolean("is_emulator")
            .optionalString("sdk_version")
            .requiredLong("received_at_ms")
            .endRecord();

    private EventSchema() {
    }
}
