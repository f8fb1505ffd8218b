package io.microlith.message;

/** A record class or type name that is not registered in {@link MessageTypes}. */
public final class UnknownMessageTypeException extends IllegalArgumentException {
    public UnknownMessageTypeException(String message) {
        super(message);
    }
}
