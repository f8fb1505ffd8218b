package io.microlith.message;

/**
 * A stream or category name that does not follow the grammar described in {@link StreamName}.
 * Carries the offending name and the rule it broke.
 */
public final class InvalidStreamNameException extends IllegalArgumentException {
    private final String name;

    /** Names longer than this are cut in the exception's message (not in {@link #name()}). */
    private static final int QUOTED = 200;

    public InvalidStreamNameException(String name, String problem) {
        super("Invalid stream name " + quote(name) + ": " + problem);
        this.name = name;
    }

    private static String quote(String name) {
        if (name == null) {
            return "null";
        }
        return name.length() <= QUOTED ? "'" + name + "'"
                : "'" + name.substring(0, QUOTED) + "…' (" + name.length() + " characters)";
    }

    /** The name that was rejected, possibly {@code null}. */
    public String name() {
        return name;
    }
}
