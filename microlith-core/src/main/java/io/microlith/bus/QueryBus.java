package io.microlith.bus;

/**
 * Queries: requests for data, answered in process and never stored.
 *
 * <p>The seed's form dispatches a correlated request and waits for the correlated response:
 * <pre>{@code
 * queryBus.subscribe(CurrentUserRequest.class, request -> new CurrentUserResponse(emails.of(request.id())));
 *
 * var event = Envelope.correlated(new CurrentUserRequest(123));
 * queryBus.dispatch(event);
 * CurrentUserResponse response = queryBus.waitFor(event.correlationId(), CurrentUserResponse.class, Duration.ofSeconds(10));
 * }</pre>
 * {@link #ask(Record, Class)} does both in one call on the calling thread; {@link #request(Object, Class, java.time.Duration)}
 * does it with one deadline that bounds the handler too.
 *
 * <p>A query type has exactly one handler. The handler runs on the dispatching thread, so
 * {@link #dispatch(Envelope)} returns after the answer is known; the answer is then kept for the
 * correlation's waits (see {@link CorrelationWaits}).
 */
public interface QueryBus extends Requests {

    /**
     * Runs the query's handler and makes its answer available to waits on the query's correlation id.
     *
     * @throws NoHandlerException   when no handler is subscribed to the query's type (at once)
     * @throws QueryFailedException when the handler throws or answers {@code null}; waits on the
     *                              correlation id fail with the same exception
     */
    void dispatch(Envelope<?> query);

    /**
     * Asks a query and returns its answer.
     *
     * @throws NoHandlerException   when no handler is subscribed to the query's type
     * @throws QueryFailedException when the handler throws, answers {@code null} or answers another type
     */
    <R extends Record> R ask(Record query, Class<R> answerType);

    /**
     * Subscribes the handler of a query type.
     *
     * @throws IllegalStateException when the type already has a handler
     */
    <Q extends Record> void subscribe(Class<Q> type, QueryHandler<? super Q> handler);

    /** {@link #subscribe(Class, QueryHandler)} with the query's envelope beside it. */
    <Q extends Record> void subscribe(Class<Q> type, QueryEnvelopeHandler<Q> handler);
}
