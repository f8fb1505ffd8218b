package io.microlith.metrics;

/**
 * The names of Microlith's meters, dot-separated as Micrometer names them; a registry renders them in its own
 * convention (Prometheus: {@code microlith_store_messages_written_total}, {@code microlith_consumer_handling_seconds}).
 * The module's README lists each with its tags and its Prometheus name.
 */
public final class MetricNames {
    /** Counter, tags {@code store}, {@code category}: messages written. */
    public static final String MESSAGES_WRITTEN = "microlith.store.messages.written";
    /** Counter, tags {@code store}, {@code category}: messages read (by consumers, entity stores, waits, anyone). */
    public static final String MESSAGES_READ = "microlith.store.messages.read";
    /** Timer, tags {@code store}, {@code outcome} ({@code ok}, {@code conflict}, {@code duplicate}, {@code too_large}, {@code error}). */
    public static final String STORE_WRITES = "microlith.store.writes";
    /** Timer, tags {@code consumer}, {@code category}: the time a consumer's handlers took per message handled. */
    public static final String CONSUMER_HANDLING = "microlith.consumer.handling";
    /** Counter, tags {@code consumer}, {@code category}: messages processed (handled, skipped as not for it, or parked). */
    public static final String CONSUMER_MESSAGES = "microlith.consumer.messages";
    /** Counter, tags {@code consumer}, {@code category}: failed attempts that will be tried again. */
    public static final String CONSUMER_RETRIES = "microlith.consumer.retries";
    /** Gauge, tags {@code consumer}, {@code category}: messages parked now. */
    public static final String CONSUMER_PARKED = "microlith.consumer.parked";
    /** Gauge, tags {@code consumer}, {@code category}: at most how many messages of its category wait for it. */
    public static final String CONSUMER_LAG = "microlith.consumer.lag";
    /** Gauge, tags {@code consumer}, {@code category}: the global position it has processed up to. */
    public static final String CONSUMER_POSITION = "microlith.consumer.position";
    /** Function counter: waits for a correlated message or a query's answer that timed out. */
    public static final String WAITS_TIMED_OUT = "microlith.waits.timed.out";
    /** Function counter, tags {@code limit}, {@code name}: requests refused by back-pressure or a rate limit. */
    public static final String REFUSED = "microlith.http.refused";
    /** Timer, tags {@code method}, {@code uri} (the route), {@code status}, {@code outcome}: Micrometer's own name. */
    public static final String HTTP_REQUESTS = "http.server.requests";

    private MetricNames() {
    }
}
