package io.microlith.bus.internal;

import io.microlith.bus.Envelope;
import io.microlith.bus.NoHandlerException;
import io.microlith.bus.QueryBus;
import io.microlith.bus.QueryEnvelopeHandler;
import io.microlith.bus.QueryFailedException;
import io.microlith.bus.QueryHandler;
import io.microlith.bus.Requests;
import io.microlith.internal.runtime.FatalErrors;
import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.MessageTypes;

import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/** The query bus in one process: handlers run on the dispatching thread; answers feed a correlation index. */
public final class InProcessQueryBus implements QueryBus {
    private final MessageTypes types;
    private final Duration defaultTimeout;
    private final Map<String, QueryEnvelopeHandler<Record>> handlers = new ConcurrentHashMap<>();
    private final CorrelationIndex<Record> answers;

    public InProcessQueryBus(MessageTypes types, Duration defaultTimeout, ScheduledExecutorService timer,
                             Duration retention, int maxCorrelations) {
        this.types = types;
        this.defaultTimeout = defaultTimeout;
        this.answers = new CorrelationIndex<>(answer -> TypeNames.of(types, answer.getClass()), timer, retention,
                maxCorrelations);
    }

    /** How many waits for answers timed out. */
    public long timedOutWaits() {
        return answers.timedOutWaits();
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    @Override
    public <Q extends Record> void subscribe(Class<Q> type, QueryHandler<? super Q> handler) {
        Objects.requireNonNull(handler, "handler");
        subscribe(type, (QueryEnvelopeHandler<Q>) (query, envelope) -> handler.answer(query));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q extends Record> void subscribe(Class<Q> type, QueryEnvelopeHandler<Q> handler) {
        Objects.requireNonNull(handler, "handler");
        String name = TypeNames.of(types, type);
        if (handlers.putIfAbsent(name, (QueryEnvelopeHandler<Record>) (QueryEnvelopeHandler<?>) handler) != null) {
            throw new IllegalStateException(name + " already has a handler on the query bus; a query has exactly one");
        }
    }

    @Override
    public void dispatch(Envelope<?> query) {
        Record answer = answer(query);
        if (query.correlationId() != null) {
            answers.publish(query.correlationId(), answer);
        }
    }

    @Override
    public <R extends Record> R ask(Record query, Class<R> answerType) {
        Envelope<?> envelope = query instanceof Envelope<?> e ? e : Envelope.of(query);
        Record answer = answer(envelope);
        if (!answerType.isInstance(answer)) {
            throw new QueryFailedException(envelope.typeName(types), envelope.correlationId(),
                    "expected an answer of type " + answerType.getSimpleName() + " but got "
                            + answer.getClass().getSimpleName(), null);
        }
        return answerType.cast(answer);
    }

    /** Runs the handler on a virtual thread of its own, so that the wait's deadline bounds it too. */
    @Override
    public <T> CompletableFuture<T> requestAsync(Envelope<?> query, Class<T> outcome, Duration timeout) {
        CompletableFuture<T> answer = waitForAsync(Requests.correlationOf(query), outcome, timeout);
        handler(query); // no handler: thrown at once, as dispatch does
        Thread.ofVirtual().name("query-" + query.typeName(types)).start(() -> {
            try {
                dispatch(query);
            } catch (RuntimeException failed) {
                // published to the correlation's waits by answer(): the caller's future fails with it
            }
        });
        return answer;
    }

    private QueryEnvelopeHandler<Record> handler(Envelope<?> query) {
        Objects.requireNonNull(query, "query");
        String type = query.typeName(types);
        QueryEnvelopeHandler<Record> handler = handlers.get(type);
        if (handler == null) {
            throw new NoHandlerException(type, "queryBus");
        }
        return handler;
    }

    @SuppressWarnings("unchecked")
    private Record answer(Envelope<?> query) {
        QueryEnvelopeHandler<Record> handler = handler(query);
        String type = query.typeName(types);
        Record answer;
        try {
            answer = handler.answer((Record) query.body(), (Envelope<Record>) query);
        } catch (Throwable e) {
            // whatever the handler threw fails its waits at once (an Error too), but the JVM's own exhaustion
            Throwable failure = FatalErrors.rethrowIfFatal(e);
            throw failed(query, type, "its handler threw " + failure, failure);
        }
        if (answer == null) {
            throw failed(query, type, "its handler answered null", null);
        }
        return answer;
    }

    private QueryFailedException failed(Envelope<?> query, String type, String problem, Throwable cause) {
        QueryFailedException failure = new QueryFailedException(type, query.correlationId(), problem, cause);
        if (query.correlationId() != null) {
            answers.fail(query.correlationId(), failure);
        }
        return failure;
    }

    @Override
    public CompletableFuture<Record> waitForAsync(String correlationId, Collection<? extends Class<? extends Record>> classes,
                                                  Duration timeout) {
        return answers.await(correlationId, names(classes), timeout);
    }

    @Override
    public Record waitFor(String correlationId, Collection<? extends Class<? extends Record>> classes, Duration timeout) {
        return answers.awaitBlocking(correlationId, names(classes), timeout);
    }

    private List<String> names(Collection<? extends Class<? extends Record>> classes) {
        List<String> names = new ArrayList<>(classes.size());
        for (Class<? extends Record> type : classes) {
            names.add(TypeNames.of(types, type));
        }
        return names;
    }
}
