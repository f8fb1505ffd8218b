package io.microlith.message;

import java.util.List;

/**
 * A message was stored in a schema version of its type that the registry cannot turn into the current one: no
 * chain of upcasters leads from it to the current version, or it is newer than the current version (written by a
 * newer build). The message names the type, the stored version and the versions this registry knows.
 */
public final class SchemaVersionException extends IllegalArgumentException {
    private final String typeName;
    private final String storedVersion;
    private final List<Integer> knownVersions;

    public SchemaVersionException(String typeName, String storedVersion, List<Integer> knownVersions, String why) {
        super("Message type '" + typeName + "' stored in schema version " + storedVersion
                + " cannot be read: " + why + "; known versions " + knownVersions);
        this.typeName = typeName;
        this.storedVersion = storedVersion;
        this.knownVersions = List.copyOf(knownVersions);
    }

    /** The (current) type name. */
    public String typeName() {
        return typeName;
    }

    /** The version as stored in the message's metadata. */
    public String storedVersion() {
        return storedVersion;
    }

    /** The versions the registry can read: the current one and every one with a path to it, ascending. */
    public List<Integer> knownVersions() {
        return knownVersions;
    }
}
