package io.microlith.message;

/**
 * A stream or category name that does not follow the grammar described in {@link StreamName}.
 * Carries the offending name and the rule it broke.
 */
public final class InvalidStreamNameException extends IllegalArgumentException {
    private final String name;

    public InvalidStreamNameException(String name, String problem) {
        super("Invalid stream name " + (name == null ? "null" : "'" + name + "'") + ": " + problem);
        this.name = name;
    }

    /** The name that was rejected, possibly {@code null}. */
    public String name() {
        return name;
    }
}
