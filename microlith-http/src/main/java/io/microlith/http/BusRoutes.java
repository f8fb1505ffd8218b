package io.microlith.http;

import io.javalin.http.Context;
import io.microlith.bus.DurableBus;
import io.microlith.bus.Envelope;
import io.microlith.bus.QueryBus;
import io.microlith.bus.Requests;
import io.microlith.bus.WaitTimeoutException;

import java.time.Duration;
import java.util.Optional;

/**
 * The three ways a route talks to the buses, after seeds 000/001 and 004:
 * <ul>
 *   <li>{@link #accept}: write a command and answer 202 at once (seed 004's {@code POST /order});</li>
 *   <li>{@link #request}: write a correlated command and wait for the first correlated outcome of a type
 *       (or of a sealed family of types), or answer 504 after the deadline (seed 001's login);</li>
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
     * Sends {@code message} (which must be correlated) over {@code bus} and waits for its first correlated outcome of
     * a type {@code outcome} stands for (a record, or a sealed interface of records to {@code switch} over), with one
     * deadline for both ({@link Requests#request}). Adds the correlation id to the answer's headers, also when the
     * deadline passes.
     *
     * @throws HttpProblem              504 naming {@code what} when no outcome arrives within {@code deadline}; a
     *                                  command stays written and may still be handled
     * @throws IllegalArgumentException when the message has no correlation id (nothing could be awaited)
     */
    public static <T> T request(Context ctx, Requests bus, Envelope<?> message, Class<T> outcome, Duration deadline,
                                String what) {
        Answers.correlate(ctx, Requests.correlationOf(message));
        try {
            return bus.request(message, outcome, deadline);
        } catch (WaitTimeoutException e) {
            throw HttpProblem.timeout(what, deadline);
        }
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
