package io.microlith.bus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Request and response over a bus: dispatch a correlated message and wait for the first correlated outcome, with
 * one deadline for both. The wait is registered before the message is dispatched, so an outcome written at once is
 * never missed; the deadline starts before the dispatch, so a slow write counts against it.
 *
 * <pre>{@code
 * var login = Envelope.correlated(new LoginCommand(email, password, sessionKey));
 * switch (commandBus.request(login, LoginOutcome.class, Duration.ofSeconds(5))) {
 *     case UserLoggedIn in -> ...
 *     case LoginRejected rejected -> ...
 * }
 * }</pre>
 *
 * <p>The outcome type is a record or a sealed interface of records (see {@link CorrelationWaits}). On a durable bus
 * the outcome is any stored message of the conversation (an event answering a command); on the query bus it is the
 * handler's answer, and the handler runs on a thread of its own so that the deadline bounds it too. A timed-out
 * request undoes nothing: a dispatched command stays stored and may still be handled.
 */
public interface Requests extends CorrelationWaits {

    /**
     * Dispatches {@code message} and completes with its first correlated outcome of a type {@code outcome} stands
     * for, or fails with {@link WaitTimeoutException} {@code timeout} after the call.
     *
     * @throws IllegalArgumentException when {@code message} has no correlation id (nothing could be awaited: build it
     *                                  with {@link Envelope#correlated(Record)}), or {@code outcome} is not a record or
     *                                  sealed interface of records
     * @throws RuntimeException         whatever the dispatch throws (then nothing is awaited)
     */
    <T> CompletableFuture<T> requestAsync(Envelope<?> message, Class<T> outcome, Duration timeout);

    /**
     * Blocking {@link #requestAsync(Envelope, Class, Duration)}.
     *
     * @throws WaitTimeoutException when no outcome arrives within {@code timeout}
     */
    default <T> T request(Envelope<?> message, Class<T> outcome, Duration timeout) {
        return CorrelationWaits.await(requestAsync(message, outcome, timeout));
    }

    /** {@link #request(Envelope, Class, Duration)} of a new conversation about {@code message}, a record. */
    default <T> T request(Object message, Class<T> outcome, Duration timeout) {
        return request(message instanceof Envelope<?> envelope ? envelope : Envelope.correlated(message), outcome, timeout);
    }

    /** {@link #request(Object, Class, Duration)} with the {@link #defaultTimeout()}. */
    default <T> T request(Object message, Class<T> outcome) {
        return request(message, outcome, defaultTimeout());
    }

    /** The correlation id of a message about to be requested. */
    static String correlationOf(Envelope<?> message) {
        String correlationId = message.correlationId();
        if (correlationId == null) {
            throw new IllegalArgumentException("Only a correlated message can be awaited: build "
                    + message.body().getClass().getSimpleName() + " with Envelope.correlated(...)");
        }
        return correlationId;
    }
}
