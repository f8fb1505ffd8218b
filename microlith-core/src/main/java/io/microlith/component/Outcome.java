package io.microlith.component;

import io.microlith.entity.Entity;
import io.microlith.store.WriteResult;

/**
 * What {@link Component#handle} did with a command.
 *
 * @param <S> the entity's state
 */
public sealed interface Outcome<S> {

    /** The entity as it was when the decision was made (or the command was recognised). */
    Entity<S> entity();

    /** The decision's events were written, after {@code entity}, as {@code result}. */
    record Written<S>(Entity<S> entity, WriteResult result) implements Outcome<S> {
    }

    /** The decision was to write nothing. */
    record NothingToWrite<S>(Entity<S> entity) implements Outcome<S> {
    }

    /** The entity already records this command as a cause: it was handled before (at-least-once delivery). */
    record AlreadyHandled<S>(Entity<S> entity) implements Outcome<S> {
    }
}
