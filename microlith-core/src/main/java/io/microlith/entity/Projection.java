package io.microlith.entity;

import io.microlith.internal.runtime.Decoder;
import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A pure fold from messages to state: {@code initial()}, then {@code apply} once per message of the
 * stream, in order. It must not read anything but its arguments, so that folding the same messages always
 * gives the same state (the entity store caches and snapshots states on that promise).
 *
 * <pre>{@code
 * // domain code: a sealed event type and a static fold, no toolkit import
 * static Account apply(Account account, AccountEvent event) { return switch (event) { ... }; }
 *
 * Projection<Account> projection = Projection.of(types, Account.NEW, AccountEvent.class, Account::apply);
 * }</pre>
 *
 * @param <S> the state; to be snapshotted it must map to JSON and back (a record)
 */
public interface Projection<S> {

    /** The state of an entity with no messages. */
    S initial();

    /** The state after one more message; messages the projection ignores return {@code state} unchanged. */
    S apply(S state, Message message);

    /**
     * Names this fold's logic. Snapshots record it and are ignored when it differs, so change it whenever
     * the fold changes in a way that changes states. Default {@code "1"}. The projections of {@link #of} and
     * {@link #builder} append the registry's {@link MessageTypes#schemaFingerprint()}, so a snapshot taken
     * before a message type gained an upcaster is stale and dropped (decision 0085).
     */
    default String version() {
        return "1";
    }

    /** This projection under another version name. */
    default Projection<S> withVersion(String version) {
        Projection<S> self = this;
        Objects.requireNonNull(version, "version");
        return new Projection<>() {
            @Override
            public S initial() {
                return self.initial();
            }

            @Override
            public S apply(S state, Message message) {
                return self.apply(state, message);
            }

            @Override
            public String version() {
                return version;
            }
        };
    }

    /**
     * A projection over a family of events: messages whose registered record is an {@code eventType} are
     * decoded and folded by {@code fold}; others are ignored. When {@code eventType} is a sealed interface,
     * its permitted records are registered under their simple names (unless registered already).
     */
    static <S, E> Projection<S> of(MessageTypes types, S initial, Class<E> eventType, BiFunction<S, ? super E, S> fold) {
        Objects.requireNonNull(fold, "fold");
        if (eventType.isSealed()) {
            for (Class<?> permitted : eventType.getPermittedSubclasses()) {
                if (permitted.isRecord()) {
                    TypeNames.of(types, permitted);
                }
            }
        }
        return new Projection<>() {
            @Override
            public S initial() {
                return initial;
            }

            @Override
            public S apply(S state, Message message) {
                return types.recordClass(message.type())
                        .filter(eventType::isAssignableFrom)
                        .map(type -> fold.apply(state, eventType.cast(Decoder.decode(types, message, type))))
                        .orElse(state);
            }

            @Override
            public String version() {
                return "1" + types.schemaFingerprint();
            }
        };
    }

    /** Starts a projection with one fold function per event record. */
    static <S> Builder<S> builder(MessageTypes types, S initial) {
        return new Builder<>(types, initial);
    }

    /** Collects one fold function per event type. */
    final class Builder<S> {
        private final MessageTypes types;
        private final S initial;
        private final Map<String, BiFunction<S, Message, S>> folds = new HashMap<>();
        private String version = "1";

        private Builder(MessageTypes types, S initial) {
            this.types = Objects.requireNonNull(types, "types");
            this.initial = initial;
        }

        /** Folds messages of the record's type (registered under its simple name unless registered otherwise). */
        public <E extends Record> Builder<S> on(Class<E> type, BiFunction<S, ? super E, S> fold) {
            Objects.requireNonNull(fold, "fold");
            String name = TypeNames.of(types, type);
            if (folds.putIfAbsent(name, (state, message) -> fold.apply(state, Decoder.decode(types, message, type))) != null) {
                throw new IllegalArgumentException("The projection already folds " + name);
            }
            return this;
        }

        /** See {@link Projection#version()}. */
        public Builder<S> version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        public Projection<S> build() {
            Map<String, BiFunction<S, Message, S>> byType = Map.copyOf(folds);
            String v = version;
            return new Projection<>() {
                @Override
                public S initial() {
                    return initial;
                }

                @Override
                public S apply(S state, Message message) {
                    BiFunction<S, Message, S> fold = byType.get(message.type());
                    if (fold == null) {
                        fold = byType.get(types.currentName(message.type())); // a renamed type (decision 0085)
                    }
                    return fold == null ? state : fold.apply(state, message);
                }

                @Override
                public String version() {
                    return v + types.schemaFingerprint();
                }
            };
        }
    }
}
