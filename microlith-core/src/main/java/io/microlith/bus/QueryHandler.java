package io.microlith.bus;

/**
 * Answers a query: a plain lambda from the query record to the answer record,
 * {@code request -> new CurrentUserResponse(...)}. Runs on the dispatching thread.
 *
 * @param <Q> the query's type
 */
@FunctionalInterface
public interface QueryHandler<Q> {
    /** The answer; must not be {@code null}. */
    Record answer(Q query) throws Exception;
}
