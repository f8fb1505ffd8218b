package io.microlith.jdbc;

/**
 * Applies an event to a view inside the aggregator's transaction: {@code (viewed, view) -> view.update(...)}.
 *
 * @param <T> the event's type
 */
@FunctionalInterface
public interface ViewHandler<T> {
    void apply(T event, ViewTransaction view) throws Exception;
}
