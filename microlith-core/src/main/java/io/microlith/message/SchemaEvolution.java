package io.microlith.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upcasters and renames of a {@link MessageTypes} (decision 0085): which name a stored type is read as, which
 * schema version a type is at, and the steps that bring stored data up to it. {@code MessageTypes} registers under its
 * own lock and reads without one.
 */
final class SchemaEvolution {
    /** Per current type name, the step from each schema version to the next. */
    private final Map<String, Map<Integer, Upcaster>> upcasters = new ConcurrentHashMap<>();
    /** Stored type name to the name it is read as now. */
    private final Map<String, String> renames = new ConcurrentHashMap<>();

    /** Whether any type has upcasters: while none has, every type is at version 1 (a check on the write path). */
    boolean hasUpcasters() {
        return !upcasters.isEmpty();
    }

    /** Whether any type was renamed. */
    boolean hasRenames() {
        return !renames.isEmpty();
    }

    /** @throws IllegalArgumentException when the version is below 1 or that step is registered already */
    void addUpcaster(String typeName, int fromVersion, Upcaster upcaster) {
        Objects.requireNonNull(upcaster, "upcaster");
        if (typeName == null || typeName.isBlank()) {
            throw new IllegalArgumentException("An upcaster needs a type name");
        }
        if (fromVersion < 1) {
            throw new IllegalArgumentException("Schema versions start at 1, got an upcaster of '" + typeName
                    + "' from version " + fromVersion);
        }
        Map<Integer, Upcaster> steps = upcasters.computeIfAbsent(typeName, k -> new ConcurrentHashMap<>());
        if (steps.putIfAbsent(fromVersion, upcaster) != null) {
            throw new IllegalArgumentException("Message type '" + typeName + "' already has an upcaster from version "
                    + fromVersion);
        }
    }

    /**
     * @param registeredTo the record {@code oldName} is registered to, or null
     * @throws IllegalArgumentException when the old name is registered to a record, or renamed to another name
     */
    void rename(String oldName, String newName, Class<?> registeredTo) {
        if (oldName == null || oldName.isBlank() || newName == null || newName.isBlank() || oldName.equals(newName)) {
            throw new IllegalArgumentException("A rename needs two different type names, got '" + oldName
                    + "' to '" + newName + "'");
        }
        if (registeredTo != null) {
            throw new IllegalArgumentException("Message type '" + oldName + "' is registered to "
                    + registeredTo.getName() + ", it cannot be renamed to '" + newName + "'");
        }
        String existing = renames.putIfAbsent(oldName, newName);
        if (existing != null && !existing.equals(newName)) {
            throw new IllegalArgumentException("Message type '" + oldName + "' is already renamed to '" + existing
                    + "', cannot rename it to '" + newName + "'");
        }
    }

    /** See {@link MessageTypes#currentName(String)}. */
    String currentName(String storedTypeName) {
        String name = storedTypeName;
        for (int hops = 0; hops <= renames.size(); hops++) {
            String next = renames.get(name);
            if (next == null) {
                return name;
            }
            name = next;
        }
        throw new IllegalStateException("Message type renames form a cycle through '" + storedTypeName + "'");
    }

    /** See {@link MessageTypes#currentVersion(String)}. */
    int currentVersion(String typeName) {
        Map<Integer, Upcaster> steps = upcasters.get(currentName(typeName));
        return steps == null || steps.isEmpty() ? 1 : Collections.max(steps.keySet()) + 1;
    }

    /** Whether a message of this stored type and schema version needs neither a rename nor an upcast. */
    boolean isCurrent(String storedTypeName, String storedVersion) {
        if (!renames.isEmpty() && renames.containsKey(storedTypeName)) {
            return false;
        }
        Map<Integer, Upcaster> steps = upcasters.get(storedTypeName);
        if (steps == null || steps.isEmpty()) {
            return true; // a type that never evolved ignores whatever schemaVersion its writer set
        }
        return String.valueOf(currentVersion(storedTypeName)).equals(storedVersion == null ? "1" : storedVersion);
    }

    /**
     * Runs the upcasters of the message's current type name from its stored schema version up to the current one.
     *
     * @throws SchemaVersionException   when the stored version has no path to the current one
     * @throws IllegalArgumentException when the data is not a JSON object but needs upcasting
     */
    JsonNode upcast(Message message, JsonNode data) {
        String name = currentName(message.type());
        Map<Integer, Upcaster> steps = upcasters.getOrDefault(name, Map.of());
        if (steps.isEmpty()) {
            return data;
        }
        int current = currentVersion(name);
        String stored = message.metadata().schemaVersion() == null ? "1" : message.metadata().schemaVersion();
        int version;
        try {
            version = Integer.parseInt(stored.strip());
        } catch (NumberFormatException e) {
            throw new SchemaVersionException(name, stored, knownVersions(name), "it is not a whole number");
        }
        if (version > current) {
            throw new SchemaVersionException(name, stored, knownVersions(name),
                    "it is newer than the current version " + current + " (written by a newer build?)");
        }
        for (int v = version; v < current; v++) {
            Upcaster step = steps.get(v);
            if (step == null) {
                throw new SchemaVersionException(name, stored, knownVersions(name),
                        "there is no upcaster from version " + v + " towards the current version " + current);
            }
            if (!(data instanceof ObjectNode object)) {
                throw new IllegalArgumentException("Data of message " + message.id() + " (type " + message.type()
                        + ", schema version " + v + ") is not a JSON object, so it cannot be upcast: " + data.getNodeType());
            }
            data = step.upcast(object);
            if (data == null) {
                throw new IllegalStateException("The upcaster of '" + name + "' from version " + v + " returned null");
            }
        }
        return data;
    }

    /** See {@link MessageTypes#schemaFingerprint()}. */
    String fingerprint() {
        if (upcasters.isEmpty() && renames.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(upcasters).forEach((name, steps) -> {
            if (!steps.isEmpty()) {
                text.append(text.isEmpty() ? ";schemas=" : ",").append(name).append('@').append(currentVersion(name));
            }
        });
        StringBuilder renamed = new StringBuilder();
        new TreeMap<>(renames).forEach((from, to) ->
                renamed.append(renamed.isEmpty() ? ";renames=" : ",").append(from).append('>').append(to));
        return text.append(renamed).toString();
    }

    /** The versions of a type that reach its current version, ascending. */
    private List<Integer> knownVersions(String name) {
        Map<Integer, Upcaster> steps = upcasters.getOrDefault(name, Map.of());
        List<Integer> known = new ArrayList<>();
        for (int v = currentVersion(name); v >= 1 && (known.isEmpty() || steps.containsKey(v)); v--) {
            known.add(v);
        }
        Collections.reverse(known);
        return known;
    }
}
