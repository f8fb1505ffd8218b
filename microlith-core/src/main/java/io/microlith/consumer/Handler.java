package io.microlith.consumer;

/**
 * Handles a message's body: a plain lambda taking the record, {@code command -> ...}.
 * May throw; what happens then is the consumer's failure policy ({@link RetryPolicy}).
 *
 * @param <T> the body's type
 */
@FunctionalInterface
public interface Handler<T> {
    void handle(T body) throws Exception;
}
