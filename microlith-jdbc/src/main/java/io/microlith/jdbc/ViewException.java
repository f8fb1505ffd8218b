package io.microlith.jdbc;

/** A view database failure outside a handler (reading or resetting a position, a schema statement). */
public final class ViewException extends RuntimeException {
    public ViewException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
