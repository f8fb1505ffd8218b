package io.microlith.bus;

import java.time.Duration;
import java.util.List;

/** No message with the awaited correlation id and one of the awaited types arrived in time. */
public final class WaitTimeoutException extends RuntimeException {
    private final String correlationId;
    private final List<String> types;
    private final Duration waited;

    public WaitTimeoutException(String correlationId, List<String> types, Duration waited) {
        super("No " + String.join(" or ", types) + " with correlation id " + correlationId + " arrived within "
                + waited.toMillis() + " ms");
        this.correlationId = correlationId;
        this.types = List.copyOf(types);
        this.waited = waited;
    }

    public String correlationId() {
        return correlationId;
    }

    /** The awaited type names. */
    public List<String> types() {
        return types;
    }

    /** How long the wait lasted. */
    public Duration waited() {
        return waited;
    }
}
