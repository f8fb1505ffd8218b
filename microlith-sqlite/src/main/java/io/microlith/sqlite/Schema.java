package io.microlith.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the schema in a new file and refuses files it does not understand. The version lives in
 * {@code PRAGMA user_version}; {@code PRAGMA application_id} marks the file as Microlith's so that an
 * unrelated SQLite database is never written to. Scripts are resources, one object per file, listed
 * here per version (no classpath scanning); an upgrade adds a version's list and bumps {@link #VERSION}.
 */
final class Schema {

    /** The schema version this build writes and reads. */
    static final int VERSION = 2;

    /** "Mlth" in ASCII: SQLite's documented place to say which application owns a file. */
    static final int APPLICATION_ID = 0x4D6C7468;

    private static final List<List<String>> SCRIPTS = List.of(
            List.of("messages.sql", "messages_id.sql", "messages_stream.sql", "messages_category.sql"),
            List.of("message_tags.sql", "message_tags_backfill.sql"));

    private Schema() {
    }

    /** Installs or checks the schema, on the write connection, before anything else uses the file. */
    static void installOrCheck(Connection connection, Path path) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int applicationId = intPragma(statement, "application_id");
            int version = intPragma(statement, "user_version");
            if (applicationId == 0 && version == 0) {
                if (hasTables(statement)) {
                    throw new IncompatibleStoreFileException(path, 0, VERSION,
                            "it is a SQLite database of another application (it has tables but no Microlith mark)");
                }
            } else if (applicationId != APPLICATION_ID) {
                throw new IncompatibleStoreFileException(path, version, VERSION, "it belongs to another application"
                        + " (PRAGMA application_id is " + applicationId + ", Microlith's is " + APPLICATION_ID + ")");
            } else if (version > VERSION) {
                throw new IncompatibleStoreFileException(path, version, VERSION, "its schema version is " + version
                        + " but this Microlith understands versions up to " + VERSION
                        + "; it was written by a newer Microlith, use that one (the file was not changed)");
            }
            if (version < VERSION) {
                upgrade(statement, version);
            }
        }
    }

    private static void upgrade(Statement statement, int from) throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
        try {
            for (int version = from + 1; version <= VERSION; version++) {
                for (String script : SCRIPTS.get(version - 1)) {
                    statement.execute(script(version, script));
                }
            }
            statement.execute("PRAGMA application_id = " + APPLICATION_ID);
            statement.execute("PRAGMA user_version = " + VERSION);
            statement.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            statement.execute("ROLLBACK");
            throw e;
        }
    }

    private static String script(int version, String name) {
        String resource = "schema/" + version + "/" + name;
        try (InputStream in = Schema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema script " + resource + " in microlith-sqlite");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intPragma(Statement statement, String pragma) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean hasTables(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1")) {
            return rs.next();
        }
    }
}
