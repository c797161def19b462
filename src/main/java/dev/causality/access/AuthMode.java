package dev.causality.access;

import java.util.Locale;

/** {@code INGEST_AUTH}: whether posting events needs a write key. */
public enum AuthMode {
    /** Every request carries a write key that allows its apps, origin and rate (the default). */
    KEYS,
    /** Every request is accepted without a key: trusted networks and tests only. */
    NONE;

    public static AuthMode parse(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "keys" -> KEYS;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("Invalid value '" + value
                    + "' for setting ingest.auth (environment variable INGEST_AUTH): must be keys or none");
        };
    }
}
