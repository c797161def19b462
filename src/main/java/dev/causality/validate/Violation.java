package dev.causality.validate;

/** One reason an event or request was refused, naming the offending field. */
public record Violation(String field, String description) {

    public Violation prefixed(String prefix) {
        return new Violation(prefix + field, description);
    }

    @Override
    public String toString() {
        return field + ": " + description;
    }
}
