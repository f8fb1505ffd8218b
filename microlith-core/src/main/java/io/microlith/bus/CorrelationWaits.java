package io.microlith.bus;

import io.microlith.message.MessageFamily;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waiting for the answer to a conversation: the first message with a given correlation id and one of
 * the given types.
 *
 * <p><b>Blocking or not.</b> The {@code waitFor} methods block the calling thread; they are meant for
 * virtual threads (an HTTP handler on a virtual thread costs nothing while it waits). The
 * {@code waitForAsync} methods return a {@link CompletableFuture} instead, completed on a toolkit thread;
 * the blocking ones are built on them.
 *
 * <p><b>No lost wake-up.</b> A wait may be registered before or after the answer is written: answers are
 * kept for a while (see {@code MicrolithConfig.correlationRetention}), so a wait that starts after the
 * answer still sees it. Many waits may be pending at once; each is indexed by its correlation id and
 * completed by the thread that sees the answer, never by polling.
 *
 * <p>A wait completes with the first matching message; messages of other types with the same correlation
 * id are ignored. When nothing matches in time, it fails with a {@link WaitTimeoutException} naming the
 * correlation id, the types and the time waited.
 */
public interface CorrelationWaits {

    /** The timeout of the overloads that take none. */
    Duration defaultTimeout();

    /**
     * Completes with the body of the first message correlated to {@code correlationId} whose type is one of
     * {@code types}, or fails with {@link WaitTimeoutException} after {@code timeout}.
     */
    CompletableFuture<Record> waitForAsync(String correlationId, Collection<? extends Class<? extends Record>> types,
                                           Duration timeout);

    /**
     * {@link #waitForAsync(String, Collection, Duration)} for the records {@code outcome} stands for: a record, or a
     * sealed interface of records (see {@link MessageFamily}); completes with the first of them, as {@code T}.
     */
    default <T> CompletableFuture<T> waitForAsync(String correlationId, Class<T> outcome, Duration timeout) {
        return waitForAsync(correlationId, MessageFamily.recordsOf(outcome), timeout).thenApply(outcome::cast);
    }

    /**
     * Blocks until the first message correlated to {@code correlationId} with one of {@code types} arrives,
     * and returns its body; switch on it to tell the types apart.
     *
     * @throws WaitTimeoutException when none arrives within {@code timeout}
     */
    default Record waitFor(String correlationId, Collection<? extends Class<? extends Record>> types, Duration timeout) {
        return await(waitForAsync(correlationId, types, timeout));
    }

    /** {@link #waitFor(String, Collection, Duration)} with the {@link #defaultTimeout()}. */
    default Record waitFor(String correlationId, Collection<? extends Class<? extends Record>> types) {
        return waitFor(correlationId, types, defaultTimeout());
    }

    /**
     * Blocks until the first message correlated to {@code correlationId} whose type {@code outcome} stands for
     * arrives: {@code outcome} is a record, or a sealed interface of records, so that a caller switches over the
     * answer exhaustively:
     *
     * <pre>{@code
     * sealed interface LoginOutcome permits UserLoggedIn, LoginRejected {}
     * switch (eventBus.waitFor(login.correlationId(), LoginOutcome.class, Duration.ofSeconds(5))) {
     *     case UserLoggedIn in -> ...
     *     case LoginRejected rejected -> ...
     * }
     * }</pre>
     *
     * @throws WaitTimeoutException     when none arrives within {@code timeout}
     * @throws IllegalArgumentException when {@code outcome} is neither a record nor a sealed interface of records
     */
    default <T> T waitFor(String correlationId, Class<T> outcome, Duration timeout) {
        return outcome.cast(waitFor(correlationId, MessageFamily.recordsOf(outcome), timeout));
    }

    /** {@link #waitFor(String, Class, Duration)} with the {@link #defaultTimeout()}. */
    default <T> T waitFor(String correlationId, Class<T> outcome) {
        return waitFor(correlationId, outcome, defaultTimeout());
    }

    /**
     * The result of a future, blocking; rethrows its failure as it was (unchecked), and an interruption as
     * {@link WaitInterruptedException} with the interrupt flag set again.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new WaitInterruptedException(e);
        }
    }
}
