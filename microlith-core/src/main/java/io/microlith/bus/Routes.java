package io.microlith.bus;

import io.microlith.message.MessageFamily;
import io.microlith.message.StreamName;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where dispatched messages go when no stream is named: a category per record type, and optionally a
 * function from the message to its stream id. Without an id function each message gets a stream of its own,
 * named after the message id. Thread-safe.
 */
public final class Routes {

    /**
     * @param category the category, e.g. {@code identity:command}
     * @param id       the stream id of a message body, or {@code null} for the message id
     */
    public record Route<T extends Record>(Class<T> type, String category, Function<? super T, String> id) {
        public Route {
            Objects.requireNonNull(type, "type");
            StreamName.requireCategory(category);
        }

        /** The stream of an envelope whose body has this route's type. */
        public StreamName streamFor(Envelope<?> envelope) {
            String streamId = id == null ? envelope.id().toString() : id.apply(type.cast(envelope.body()));
            if (streamId == null || streamId.isEmpty()) {
                throw new IllegalArgumentException("The route of " + type.getSimpleName() + " gave no stream id for "
                        + envelope.body());
            }
            return StreamName.of(category, streamId);
        }
    }

    private final Map<Class<?>, Route<?>> routes = new ConcurrentHashMap<>();

    /**
     * Sends messages of {@code type} to {@code category-<id(body)>}. {@code type} is a record, or a sealed interface
     * of records: then every record it permits (see {@link MessageFamily}) gets the route, in one call.
     *
     * @throws IllegalArgumentException when a record already has another route, or {@code type} is neither a record
     *                                  nor a sealed interface of records
     */
    public <T> Routes route(Class<T> type, String category, Function<? super T, String> id) {
        for (Class<? extends Record> record : MessageFamily.recordsOf(type)) {
            add(record, category, id == null ? null : body -> id.apply(type.cast(body)));
        }
        return this;
    }

    /** Sends messages of {@code type} (a record or a sealed family) to {@code category-<message id>}, a stream per message. */
    public <T> Routes route(Class<T> type, String category) {
        return route(type, category, null);
    }

    private <R extends Record> void add(Class<R> type, String category, Function<? super R, String> id) {
        Route<R> route = new Route<>(type, category, id);
        Route<?> existing = routes.putIfAbsent(type, route);
        if (existing != null) {
            throw new IllegalArgumentException(type.getSimpleName() + " already has a route to " + existing.category());
        }
    }

    /** Every route, in no particular order. */
    public Collection<Route<?>> all() {
        return List.copyOf(routes.values());
    }

    public Optional<Route<?>> of(Class<?> type) {
        return Optional.ofNullable(routes.get(type));
    }

    /** The route of {@code type}, or a {@link NoRouteException}. */
    public Route<?> require(Class<?> type) {
        Route<?> route = routes.get(type);
        if (route == null) {
            throw new NoRouteException(type);
        }
        return route;
    }
}
