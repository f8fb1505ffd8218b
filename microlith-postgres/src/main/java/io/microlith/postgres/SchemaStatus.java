package io.microlith.postgres;

/**
 * What a database holds, as far as the message store is concerned.
 *
 * @param kind    which installer made the schema, if any
 * @param version Microlith's schema version ({@code 0} unless {@code kind} is {@link Kind#MICROLITH})
 * @param messageDbVersion what {@code message_store.message_store_version()} returns, or {@code null}
 */
public record SchemaStatus(Kind kind, int version, String messageDbVersion) {

    /** Who installed the schema. */
    public enum Kind {
        /** No {@code message_store.messages} table. */
        ABSENT,
        /** Installed by message-db's own installer; Microlith can adopt it (1.3.0 only). */
        MESSAGE_DB,
        /** Installed (or adopted) by Microlith. */
        MICROLITH
    }

    /** Whether this is exactly the schema this Microlith needs. */
    public boolean isCurrent() {
        return kind == Kind.MICROLITH && version == PostgresSchema.VERSION;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ABSENT -> "no message store schema";
            case MESSAGE_DB -> "a message-db " + messageDbVersion + " schema not yet adopted by Microlith";
            case MICROLITH -> "Microlith schema version " + version;
        };
    }
}
