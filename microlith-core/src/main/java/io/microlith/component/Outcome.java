package io.microlith.component;

import io.microlith.entity.Entity;
import io.microlith.store.WriteResult;

/** What {@link Component#handle} did with a command. */
public sealed interface Outcome {

    /** The entity as it was when the decision was made (or the command was recognised). */
    Entity<?> entity();

    /** The decision's events were written, after {@code entity}, as {@code result}. */
    record Written(Entity<?> entity, WriteResult result) implements Outcome {
    }

    /** The decision was to write nothing. */
    record NothingToWrite(Entity<?> entity) implements Outcome {
    }

    /** The entity already records this command as a cause: it was handled before (at-least-once delivery). */
    record AlreadyHandled(Entity<?> entity) implements Outcome {
    }
}
