package dev.causality.batch;

/** A message, or a whole batch, the sink gives up on: it goes to the dead-letter stream, with this reason. */
public class DeadLetterException extends RuntimeException {

    public DeadLetterException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
