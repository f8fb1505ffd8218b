package io.microlith.entity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.internal.Json;
import io.microlith.internal.runtime.Categories;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link EntityStore}'s snapshots: the last message of type {@value #SNAPSHOT} in {@code <category>:snapshot-<id>},
 * holding the projection's version, the entity's version, its state (personal data encrypted when there are types)
 * and its processed positions. A snapshot that cannot be read, or was taken by another projection version, is
 * ignored: the entity is folded from the start. Failing to write one only costs the next fetch a longer fold.
 */
final class Snapshots<S> {
    private static final Logger LOG = LoggerFactory.getLogger(EntityStore.class);
    static final String SNAPSHOT = "Snapshot";

    private final MessageStore store;
    private final String category;
    private final Projection<S> projection;
    private final Class<S> stateType;
    /** Encrypts and reveals the personal data of snapshots; null when the entity store was given no types. */
    private final MessageTypes types;

    Snapshots(MessageStore store, String category, Projection<S> projection, Class<S> stateType, MessageTypes types) {
        this.store = store;
        this.category = category;
        this.projection = projection;
        this.stateType = stateType;
        this.types = types;
    }

    /** The entity of {@code stream} as its last usable snapshot has it; empty when there is none. */
    Optional<Entity<S>> read(String id, StreamName stream) {
        Optional<Message> last = store.lastMessage(streamOf(id), SNAPSHOT);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        JsonNode data;
        try {
            data = Json.tree(last.get().data());
        } catch (IllegalArgumentException e) {
            // e.g. nested deeper than the toolkit reads now (decision 0053): fold from the start instead
            LOG.warn("Ignoring unreadable snapshot of {}", stream, e);
            return Optional.empty();
        }
        long version = data.path("version").asLong(-1);
        if (!projection.version().equals(data.path("projection").asText())) {
            // taken by another fold: its state may be wrong now; fold from the start and snapshot anew
            return Optional.empty();
        }
        try {
            JsonNode stored = data.get("state");
            S state = Json.MAPPER.treeToValue(types == null ? stored : types.revealed(stored, "A snapshot of " + stream),
                    stateType);
            Map<String, Long> processed = new HashMap<>();
            data.path("processed").properties().forEach(e -> processed.put(e.getKey(), e.getValue().asLong()));
            return Optional.of(new Entity<>(stream, state, version, processed));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable snapshot of {} at version {}", stream, version, e);
            return Optional.empty();
        }
    }

    /** Writes a snapshot of {@code entity}; returns whether it was written (a failure is logged, never thrown). */
    boolean write(String id, Entity<S> entity) {
        try {
            ObjectNode data = Json.MAPPER.createObjectNode();
            data.put("projection", projection.version());
            data.put("version", entity.version());
            data.set("state", types == null ? Json.MAPPER.valueToTree(entity.state()) : types.storedTree(entity.state()));
            ObjectNode processed = data.putObject("processed");
            entity.processed().forEach(processed::put);
            store.write(streamOf(id), NewMessage.of(SNAPSHOT, data.toString()));
            return true;
        } catch (RuntimeException e) {
            // a snapshot is an optimisation: failing to write one must not fail the fetch
            LOG.warn("Could not write a snapshot of {} at version {}", entity.streamName(), entity.version(), e);
            return false;
        }
    }

    private StreamName streamOf(String id) {
        return Categories.stream(category, "snapshot", id);
    }
}
