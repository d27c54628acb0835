package io.cometmq.broker.store.message;

/** A message the store refuses to encode; {@link #reason()} maps to a put status. */
public final class InvalidMessageException extends RuntimeException {
    public enum Reason { MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED }

    private final Reason reason;

    public InvalidMessageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
