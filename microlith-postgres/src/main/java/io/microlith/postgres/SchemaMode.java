package io.microlith.postgres;

/** What a store does with the database schema when it opens. */
public enum SchemaMode {
    /**
     * Install the schema when it is missing, upgrade it when it is older, adopt a database installed by
     * message-db 1.3.0; then check it. Needs a role that may create objects (and the role
     * {@code message_store}, unless it exists). Safe when several processes open at once.
     */
    INSTALL,
    /**
     * Change nothing: fail at once unless the schema is installed and of this Microlith's version. For
     * processes that connect as the application role; install with {@link PostgresSchema} or the command.
     */
    VALIDATE;

    static SchemaMode parse(String value) {
        return switch (value.toLowerCase()) {
            case "install" -> INSTALL;
            case "validate" -> VALIDATE;
            default -> throw new IllegalArgumentException("schema must be 'install' or 'validate', got '" + value + "'");
        };
    }
}
