package io.microlith.http;

import io.javalin.http.Context;
import io.microlith.bus.DurableBus;
import io.microlith.bus.Envelope;
import io.microlith.bus.QueryBus;
import io.microlith.bus.Requests;
import io.microlith.bus.WaitTimeoutException;
import io.microlith.store.DuplicateMessageIdException;

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
 *
 * <p><b>Repeated requests.</b> A command whose message id the store already holds, as one built by {@link CommandIds}
 * from a repeated {@code Idempotency-Key}, is not stored again: {@link #accept} answers it as the first time (the
 * same 202, {@code Location} and correlation id) and {@link #request} waits for the outcome of the first one.
 */
public final class BusRoutes {
    private BusRoutes() {
    }

    /**
     * Writes {@code command} and answers 202 Accepted with an empty body, {@code Location} (when not
     * {@code null}) and the command's correlation id; also when the store already holds the command's id (a repeated
     * request: nothing is stored again).
     */
    public static void accept(Context ctx, DurableBus commands, Envelope<?> command, String location) {
        try {
            commands.dispatch(command);
        } catch (DuplicateMessageIdException repeated) {
            if (!repeated.messageId().equals(command.id())) {
                throw repeated;
            }
            // stored by an earlier request with the same ids: answer as that one was answered
        }
        Answers.accepted(ctx, location, command.correlationId());
    }

    /**
     * {@link #accept(Context, DurableBus, Envelope, String)} after {@code pressure} admitted the request.
     *
     * @throws HttpProblem 503 with {@code Retry-After} while the consumers it watches are behind; nothing is written
     */
    public static void accept(Context ctx, DurableBus commands, Envelope<?> command, String location, BackPressure pressure) {
        pressure.admit();
        accept(ctx, commands, command, location);
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
        String correlationId = Requests.correlationOf(message);
        Answers.correlate(ctx, correlationId);
        long started = System.nanoTime();
        try {
            return bus.request(message, outcome, deadline);
        } catch (WaitTimeoutException e) {
            throw HttpProblem.timeout(what, deadline);
        } catch (DuplicateMessageIdException repeated) {
            if (!repeated.messageId().equals(message.id())) {
                throw repeated;
            }
            // stored by an earlier request with the same ids: its outcome is kept for the correlation retention
            Duration left = deadline.minusNanos(System.nanoTime() - started);
            try {
                return bus.waitFor(correlationId, outcome, left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
            } catch (WaitTimeoutException e) {
                throw HttpProblem.timeout(what + " (a repeated request: its first outcome is no longer kept, or still to come)",
                        deadline);
            }
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
