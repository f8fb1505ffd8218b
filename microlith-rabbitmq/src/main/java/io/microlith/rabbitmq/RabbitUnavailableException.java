package io.microlith.rabbitmq;

/** The broker could not be reached (at start-up, within {@link RabbitSettings#startupWait()}) or failed an operation. */
public final class RabbitUnavailableException extends RuntimeException {
    public RabbitUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
