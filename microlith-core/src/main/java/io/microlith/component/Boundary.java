package io.microlith.component;

import io.microlith.store.MessageQuery;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A rule of a component that spans more than its entity's stream (a dynamic consistency boundary, decision 0083):
 * for a command on an entity, the {@link MessageQuery} whose messages must not change between deciding and writing,
 * and the tags each decided event carries so that later queries find it. The component reads the boundary's position
 * before it decides and writes the events with an {@link io.microlith.store.AppendCondition} after it; when another
 * writer changed the boundary meanwhile, it decides again, as after a conflict on its own stream.
 *
 * <p>The decider sees the boundary's messages through a function it was built with (the store's
 * {@link io.microlith.store.QueryReader#readBoundary}): it reads no earlier than the component took the position, so
 * a write that succeeds was decided on the latest boundary.
 *
 * <pre>{@code
 * // a video's name is unique per creator
 * Boundary.of((NameVideo name, Video video) -> Optional.of(MessageQuery.tagged(nameTag(video.ownerId(), name.name())))),
 *             (Video video, VideoEvent event) -> event instanceof VideoNamed named ? List.of(nameTag(...)) : List.of())
 * }</pre>
 *
 * @param <C> the commands
 * @param <S> the entities' state
 * @param <E> the events
 */
public interface Boundary<C, S, E> {

    /** The query that must not change while {@code command} is decided on {@code state}; empty when no rule spans it. */
    Optional<MessageQuery> query(C command, S state);

    /** The tags of {@code event}, decided on {@code state} (the entity before the decision); empty for none. */
    Collection<String> tags(S state, E event);

    /** A boundary of two functions. */
    static <C, S, E> Boundary<C, S, E> of(BiFunction<? super C, ? super S, Optional<MessageQuery>> query,
                                          BiFunction<? super S, ? super E, ? extends Collection<String>> tags) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(tags, "tags");
        return new Boundary<>() {
            @Override
            public Optional<MessageQuery> query(C command, S state) {
                return query.apply(command, state);
            }

            @Override
            public Collection<String> tags(S state, E event) {
                Collection<String> of = tags.apply(state, event);
                return of == null ? List.of() : of;
            }
        };
    }
}
