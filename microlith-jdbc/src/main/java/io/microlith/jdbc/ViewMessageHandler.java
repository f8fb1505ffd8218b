package io.microlith.jdbc;

import io.microlith.message.Message;

/**
 * Applies an event to a view, with the stored message for its metadata and positions.
 *
 * @param <T> the event's type
 */
@FunctionalInterface
public interface ViewMessageHandler<T> {
    void apply(T event, Message message, ViewTransaction view) throws Exception;
}
