package io.microlith.http;

import io.javalin.http.Context;
import io.microlith.bus.CorrelationWaits;
import io.microlith.bus.DurableBus;
import io.microlith.bus.Envelope;
import io.microlith.bus.QueryBus;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The three ways a route talks to the buses, after seeds 000/001 and 004:
 * <ul>
 *   <li>{@link #accept}: write a command and answer 202 at once (seed 004's {@code POST /order});</li>
 *   <li>{@link #dispatchAndWait}: write a correlated command and wait for the first correlated outcome of
 *       the given types, or answer 504 after the deadline (seed 001's login);</li>
 *   <li>{@link #ask} and {@link #found}: answer from the query bus or from a view read (seed 000's
 *       current user, seed 004's {@code GET /order/{id}}).</li>
 * </ul>
 * Each is a few lines of the other helpers; they exist so that routes read like the seeds.
 */
public final class BusRoutes {
    private BusRoutes() {
    }

    /**
     * Writes {@code command} and answers 202 Accepted with an empty body, {@code Location} (when not
     * {@code null}) and the command's correlation id.
     */
    public static void accept(Context ctx, DurableBus commands, Envelope<?> command, String location) {
        commands.dispatch(command);
        Answers.accepted(ctx, location, command.correlationId());
    }

    /**
     * Writes {@code command} (which must be correlated) and waits for the first message correlated to it
     * whose type is one of {@code outcomes}, read from {@code outcomesBus}. Adds the correlation id to the
     * answer's headers.
     *
     * @throws HttpProblem 504 when no outcome arrives within {@code deadline}; the command stays written
     * @throws IllegalArgumentException when the command has no correlation id (nothing could be awaited)
     */
    public static Record dispatchAndWait(Context ctx, DurableBus commands, CorrelationWaits outcomesBus,
                                         Envelope<?> command, Collection<? extends Class<? extends Record>> outcomes,
                                         Duration deadline, String what) {
        String correlationId = command.correlationId();
        if (correlationId == null) {
            throw new IllegalArgumentException("Only a correlated command can be awaited: use Envelope.correlated(...)");
        }
        // The wait is registered before the dispatch, so an outcome written at once is not missed.
        var outcome = outcomesBus.waitForAsync(correlationId, outcomes, deadline);
        commands.dispatch(command);
        Answers.correlate(ctx, correlationId);
        return Await.outcome(outcome, deadline, what);
    }

    /** The query bus's answer to {@code query}, as {@code answerType}. */
    public static <R extends Record> R ask(QueryBus queries, Record query, Class<R> answerType) {
        return queries.ask(query, answerType);
    }

    /** Answers 200 with the view as JSON, or 404 naming {@code what} when the view has nothing. */
    public static void found(Context ctx, Optional<?> view, String what) {
        ctx.json(view.orElseThrow(() -> HttpProblem.notFound("No " + what)));
    }
}
