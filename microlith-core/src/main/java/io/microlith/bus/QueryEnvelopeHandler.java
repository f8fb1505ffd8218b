package io.microlith.bus;

/**
 * Answers a query, with its envelope beside it for the metadata: {@code (request, envelope) -> ...}.
 *
 * @param <Q> the query's type
 */
@FunctionalInterface
public interface QueryEnvelopeHandler<Q extends Record> {
    /** The answer; must not be {@code null}. */
    Record answer(Q query, Envelope<Q> envelope) throws Exception;
}
