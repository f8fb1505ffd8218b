package io.microlith.bus;

/** A query handler threw, or gave no answer. Carries the query's type and correlation id. */
public final class QueryFailedException extends RuntimeException {
    private final String type;
    private final String correlationId;

    public QueryFailedException(String type, String correlationId, String problem, Throwable cause) {
        super("Query " + type + (correlationId == null ? "" : " (correlation id " + correlationId + ")") + " failed: "
                + problem, cause);
        this.type = type;
        this.correlationId = correlationId;
    }

    public String type() {
        return type;
    }

    /** The query's correlation id, or {@code null}. */
    public String correlationId() {
        return correlationId;
    }
}
