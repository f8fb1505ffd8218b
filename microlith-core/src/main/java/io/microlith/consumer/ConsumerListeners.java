package io.microlith.consumer;

/**
 * Makes a listener for each consumer a {@code Microlith} builds (its buses', its registered consumers', its
 * aggregators'), given when the Microlith is configured ({@code config.consumerListeners(...)}): how metrics and
 * admin monitors hear every consumer without each feature wiring them. The listener is added beside the one a
 * consumer's builder sets ({@link Consumer.Builder#addListener}).
 */
@FunctionalInterface
public interface ConsumerListeners {

    /**
     * The listener of the consumer named {@code name} of {@code category}, or {@code null} for none. Called once per
     * consumer builder, on the thread that makes it (a builder that builds again, as an aggregator's rebuild does,
     * keeps the listener).
     */
    ConsumerListener listenerFor(String category, String name);
}
