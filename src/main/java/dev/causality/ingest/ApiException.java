package dev.causality.ingest;

import dev.causality.validate.Violation;

import java.util.List;

/** A request the API refuses, with the HTTP status, a stable machine code and the violations found. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Violation> violations;
    private int retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiException(int status, String code, String message, List<Violation> violations) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** When the client may retry (a Retry-After header); 0 = the answer's default. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ApiException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }
}
