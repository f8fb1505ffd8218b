package io.microlith.consumer;

import io.microlith.message.Message;

/**
 * Handles a message's body with the stored message beside it, for its metadata (correlation, reply
 * stream), stream and positions: {@code (command, message) -> ...}. May throw; what happens then is
 * the consumer's failure policy ({@link RetryPolicy}).
 *
 * @param <T> the body's type
 */
@FunctionalInterface
public interface MessageHandler<T> {
    void handle(T body, Message message) throws Exception;
}
