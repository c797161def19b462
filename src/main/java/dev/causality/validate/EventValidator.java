package dev.causality.validate;

import dev.causality.proto.v1.EventEnvelope;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The validation rules of the ingest API. Returns every violation at once, so a client can fix
 * an event in one round trip. Field names are the .proto names.
 */
public final class EventValidator {

    /** Reverse-DNS bundle ids (com.example.shop) are app ids too. */
    public static final String APP_ID_RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private static final Pattern APP_ID = Pattern.compile(APP_ID_RULE);
    private static final int MAX_DEVICE_ID = 256;
    private static final int MAX_ID = 128;
    private static final int MAX_EVENT_NAME = 128;
    private static final long MAX_FUTURE_MS = 24L * 60 * 60 * 1000;

    private final int maxEventBytes;

    /** @param maxEventBytes the largest encoded event accepted (a JetStream message must fit) */
    public EventValidator(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public List<Violation> validate(EventEnvelope event, long nowMs) {
        List<Violation> violations = new ArrayList<>(0);
        if (!APP_ID.matcher(event.getAppId()).matches()) {
            violations.add(new Violation("app_id", event.getAppId().isEmpty()
                    ? "is required"
                    : "must match " + APP_ID_RULE));
        }
        if (event.getDeviceId().isBlank()) {
            violations.add(new Violation("device_id", "is required"));
        } else if (event.getDeviceId().length() > MAX_DEVICE_ID) {
            violations.add(new Violation("device_id", "must be at most " + MAX_DEVICE_ID + " characters"));
        }
        if (event.getId().length() > MAX_ID) {
            violations.add(new Violation("id", "must be at most " + MAX_ID + " characters"));
        }
        if (event.getIdempotencyKey().length() > MAX_ID) {
            violations.add(new Violation("idempotency_key", "must be at most " + MAX_ID + " characters"));
        }
        if (event.getTimestampMs() < 0) {
            violations.add(new Violation("timestamp_ms", "must not be negative"));
        } else if (event.getTimestampMs() > nowMs + MAX_FUTURE_MS) {
            violations.add(new Violation("timestamp_ms", "must not be more than 24 hours in the future"));
        }
        validatePayload(event, violations);
        if (violations.isEmpty() && event.getSerializedSize() > maxEventBytes) {
            violations.add(new Violation("event", "encoded size " + event.getSerializedSize()
                    + " bytes exceeds the limit of " + maxEventBytes + " bytes"));
        }
        return violations;
    }

    private static void validatePayload(EventEnvelope event, List<Violation> violations) {
        switch (event.getPayloadCase()) {
            case PAYLOAD_NOT_SET -> violations.add(new Violation("payload", "exactly one payload must be set"));
            case SCREEN_VIEW -> required(event.getScreenView().getScreenName(), "screen_view.screen_name", violations);
            case SCREEN_EXIT -> required(event.getScreenExit().getScreenName(), "screen_exit.screen_name", violations);
            case BUTTON_TAP -> required(event.getButtonTap().getButtonId(), "button_tap.button_id", violations);
            case TEXT_INPUT -> required(event.getTextInput().getFieldId(), "text_input.field_id", violations);
            case PRODUCT_VIEW -> required(event.getProductView().getProductId(), "product_view.product_id", violations);
            case ADD_TO_CART -> required(event.getAddToCart().getProductId(), "add_to_cart.product_id", violations);
            case REMOVE_FROM_CART ->
                    required(event.getRemoveFromCart().getProductId(), "remove_from_cart.product_id", violations);
            case PURCHASE_COMPLETE ->
                    required(event.getPurchaseComplete().getOrderId(), "purchase_complete.order_id", violations);
            case SCROLL_EVENT -> percent(event.getScrollEvent().getScrollDepthPercent(),
                    "scroll_event.scroll_depth_percent", violations);
            case BATTERY_CHANGE -> percent(event.getBatteryChange().getBatteryLevel(),
                    "battery_change.battery_level", violations);
            case CUSTOM_EVENT -> {
                String name = event.getCustomEvent().getEventName();
                required(name, "custom_event.event_name", violations);
                if (name.length() > MAX_EVENT_NAME) {
                    violations.add(new Violation("custom_event.event_name",
                            "must be at most " + MAX_EVENT_NAME + " characters"));
                }
            }
            default -> {
                // the other payloads have no required fields
            }
        }
    }

    private static void required(String value, String field, List<Violation> violations) {
        if (value.isBlank()) {
            violations.add(new Violation(field, "is required"));
        }
    }

    private static void percent(int value, String field, List<Violation> violations) {
        if (value < 0 || value > 100) {
            violations.add(new Violation(field, "must be between 0 and 100"));
        }
    }
}
