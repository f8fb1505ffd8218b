package io.microlith.kafka;

/** The cluster could not be reached (at start-up, within {@link KafkaSettings#startupWait()}) or refused an operation. */
public final class KafkaUnavailableException extends RuntimeException {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
