package io.microlith.postgres;

import io.microlith.postgres.SchemaStatus.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Installs, upgrades, adopts and checks the message store schema: the SQL files under
 * {@code io/microlith/postgres/schema/} (one object per file), applied in the order of its
 * {@code manifest.txt}.
 *
 * <ul>
 *   <li><b>Install</b> (no {@code message_store.messages}): creates everything.</li>
 *   <li><b>Upgrade</b> (an older Microlith version): applies the files of the later versions.</li>
 *   <li><b>Adopt</b> (installed by message-db 1.3.0): keeps the table and its rows, replaces message-db's
 *       functions by Microlith's (same names, parameters and results), adds what Microlith needs more
 *       (stream locks with the in-flight registry and read fence of decision 0099, notifications,
 *       {@code write_batch}, version table). message-db clients
 *       keep working.</li>
 * </ul>
 * All of it runs in one transaction under a session advisory lock, so two processes installing at once
 * queue and the second finds the work done; running it again changes nothing.
 * The connecting role must be allowed to create objects in the database (and the role
 * {@code message_store}, unless it exists): usually the database owner or a superuser.
 */
public final class PostgresSchema {

    /** The schema version this Microlith installs and needs. */
    public static final int VERSION = 3;

    /** The message-db version Microlith can adopt. */
    public static final String ADOPTABLE_MESSAGE_DB_VERSION = "1.3.0";

    private static final String RESOURCES = "/io/microlith/postgres/schema/";
    /** Advisory key (two-int form) serialising installers; (…, 1) is the store lock (decision 0099). */
    private static final int LOCK_CLASS = 1296845140;
    private static final int INSTALL_LOCK = 2;

    private static final Set<String> MESSAGE_COLUMNS = Set.of("global_position:int8", "position:int8",
            "time:timestamp", "stream_name:text", "type:text", "data:jsonb", "metadata:jsonb", "id:uuid");

    private PostgresSchema() {
    }

    /** What the database holds; changes nothing. */
    public static SchemaStatus status(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT to_regclass('message_store.messages') IS NOT NULL,
                            to_regclass('message_store.microlith_schema') IS NOT NULL,
                            to_regprocedure('message_store.message_store_version()') IS NOT NULL""")) {
            rs.next();
            boolean messages = rs.getBoolean(1);
            boolean versions = rs.getBoolean(2);
            boolean versionFunction = rs.getBoolean(3);
            if (!messages) {
                return new SchemaStatus(Kind.ABSENT, 0, null);
            }
            String messageDbVersion = versionFunction
                    ? queryString(connection, "SELECT message_store.message_store_version()")
                    : null;
            if (!versions) {
                return new SchemaStatus(Kind.MESSAGE_DB, 0, messageDbVersion);
            }
            String version = queryString(connection, "SELECT coalesce(max(version), 0) FROM message_store.microlith_schema");
            return new SchemaStatus(Kind.MICROLITH, Integer.parseInt(version), messageDbVersion);
        } catch (SQLException e) {
            throw new SchemaException("Cannot read the message store schema of database " + databaseOf(connection)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless the database holds exactly this Microlith's schema.
     *
     * @throws SchemaException saying what was found and how to install or upgrade
     */
    public static SchemaStatus validate(Connection connection) {
        SchemaStatus status = status(connection);
        if (status.isCurrent()) {
            return status;
        }
        String database = databaseOf(connection);
        throw new SchemaException(switch (status.kind()) {
            case ABSENT -> "Database " + database + " has no message store schema (no table message_store.messages). "
                    + "Install it: open the store with schema=install as a role that may create objects, or run "
                    + PostgresSchemaCommand.USAGE;
            case MESSAGE_DB -> "Database " + database + " was installed by message-db " + status.messageDbVersion()
                    + " and not yet adopted by Microlith. Adopt it (keeps every message and message-db client): open "
                    + "the store once with schema=install, or run " + PostgresSchemaCommand.USAGE;
            case MICROLITH -> status.version() > VERSION
                    ? "Database " + database + " has message store schema version " + status.version()
                    + ", newer than this Microlith's version " + VERSION + ". Upgrade Microlith."
                    : "Database " + database + " has message store schema version " + status.version()
                    + ", this Microlith needs version " + VERSION + ". Upgrade it: open the store with "
                    + "schema=install, or run " + PostgresSchemaCommand.USAGE;
        });
    }

    /**
     * Installs, upgrades or adopts as needed (see the class comment), then checks the result.
     *
     * @return the status after the work (always {@link SchemaStatus#isCurrent() current})
     * @throws SchemaException when the database holds something this Microlith cannot take over (a newer
     *                         Microlith schema, a message-db other than 1.3.0, an unknown messages table), or
     *                         the role may not create what is needed; nothing is changed then
     */
    public static SchemaStatus install(Connection connection) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK_CLASS + ", " + INSTALL_LOCK + ")");
                try {
                    installLocked(connection);
                } finally {
                    connection.setAutoCommit(true);
                    statement.execute("SELECT pg_advisory_unlock(" + LOCK_CLASS + ", " + INSTALL_LOCK + ")");
                    connection.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new SchemaException("Installing the message store schema in database " + databaseOf(connection)
                    + " failed, nothing was changed: " + e.getMessage(), e);
        }
        return validate(connection);
    }

    private static void installLocked(Connection connection) throws SQLException {
        SchemaStatus before = status(connection);
        if (before.isCurrent()) {
            return;
        }
        int from = switch (before.kind()) {
            case ABSENT -> 0;
            case MESSAGE_DB -> {
                requireAdoptable(connection, before);
                yield 0;
            }
            case MICROLITH -> {
                if (before.version() > VERSION) {
                    validate(connection);
                }
                yield before.version();
            }
        };
        String description = switch (before.kind()) {
            case ABSENT -> "installed";
            case MESSAGE_DB -> "adopted from message-db " + before.messageDbVersion();
            case MICROLITH -> "upgraded from version " + before.version();
        };
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL client_min_messages = warning");
            for (ManifestEntry entry : manifest()) {
                if (entry.version() > from) {
                    execute(statement, entry.file());
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO message_store.microlith_schema (version, description) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (int version = from + 1; version <= VERSION; version++) {
                    insert.setInt(1, version);
                    insert.setString(2, description);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static void requireAdoptable(Connection connection, SchemaStatus status) throws SQLException {
        String database = databaseOf(connection);
        if (!ADOPTABLE_MESSAGE_DB_VERSION.equals(status.messageDbVersion())) {
            throw new SchemaException("Database " + database + " has a message_store.messages table "
                    + (status.messageDbVersion() == null ? "but no message_store_version() function, so it is not a message-db install Microlith knows"
                    : "from message-db " + status.messageDbVersion() + "; Microlith adopts message-db "
                    + ADOPTABLE_MESSAGE_DB_VERSION + " only: update it with message-db's own update scripts first")
                    + ". Nothing was changed.");
        }
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT a.attname || ':' || t.typname
                     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                     WHERE a.attrelid = 'message_store.messages'::regclass AND a.attnum > 0 AND NOT a.attisdropped""")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        if (!Set.copyOf(columns).equals(MESSAGE_COLUMNS)) {
            throw new SchemaException("Database " + database + ": message_store.messages has the columns " + columns
                    + ", not message-db " + ADOPTABLE_MESSAGE_DB_VERSION + "'s " + MESSAGE_COLUMNS + ". Nothing was changed.");
        }
    }

    private static void execute(Statement statement, String file) throws SQLException {
        try {
            statement.execute(resource(file));
        } catch (SQLException e) {
            throw new SQLException("in " + file + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** One line of the manifest: the schema version in which the file last changed. */
    record ManifestEntry(int version, String file) {
    }

    static List<ManifestEntry> manifest() {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String line : resource("manifest.txt").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 2);
            entries.add(new ManifestEntry(Integer.parseInt(parts[0]), parts[1]));
        }
        return entries;
    }

    static String resource(String file) {
        try (InputStream in = PostgresSchema.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("Schema file " + RESOURCES + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String databaseOf(Connection connection) {
        try {
            return connection.getCatalog();
        } catch (SQLException e) {
            return "(unknown)";
        }
    }
}
