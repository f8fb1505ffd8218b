package io.microlith.sqlite;

import io.microlith.store.MessageStoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the write and read connections with the settings the store relies on. */
final class Connections {
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private Connections() {
    }

    /**
     * A WAL size (pages) at which the writer checkpoints by itself: only reached when the background
     * {@link Checkpointer} cannot keep up. About 400 MiB with 4 KiB pages.
     */
    static final int BACKSTOP_CHECKPOINT_PAGES = 100_000;

    /** The writer's connection: WAL, the durability's synchronous level, a large page cache. */
    static Connection writer(Path path, Durability durability) throws SQLException {
        Connection connection = open(path, false);
        try (Statement statement = connection.createStatement()) {
            String mode = text(statement, "PRAGMA journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                connection.close();
                throw new MessageStoreException("Cannot put " + path + " in WAL mode (SQLite answered '" + mode
                        + "'); the store needs a local file system that supports shared memory");
            }
            statement.execute("PRAGMA synchronous = " + durability.synchronousPragma());
            // Random message ids make the id index's inserts land on random pages: keep them in memory.
            statement.execute("PRAGMA cache_size = -65536");
            statement.execute("PRAGMA temp_store = MEMORY");
            statement.execute("PRAGMA wal_autocheckpoint = " + BACKSTOP_CHECKPOINT_PAGES);
            // After a large WAL was fully checkpointed, shrink the file back instead of keeping it at its peak.
            statement.execute("PRAGMA journal_size_limit = 67108864");
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** The checkpointer's connection: it copies the WAL into the file and syncs as the durability says. */
    static Connection checkpointer(Path path, Durability durability) throws SQLException {
        Connection connection = open(path, false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA synchronous = " + durability.synchronousPragma());
            statement.execute("PRAGMA wal_autocheckpoint = 0");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** A read-only connection; in WAL mode it reads a committed snapshot while the writer writes. */
    static Connection reader(Path path) throws SQLException {
        Connection connection = open(path, true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA cache_size = -16384");
            // Reads of the main file through memory mapping avoid a copy per page (address space, not memory).
            statement.execute("PRAGMA mmap_size = 1073741824");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static Connection open(Path path, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // sqlite-jdbc otherwise runs "SELECT last_insert_rowid()" after every INSERT: it halved insert speed.
        config.setGetGeneratedKeys(false);
        if (readOnly) {
            config.setOpenMode(SQLiteOpenMode.READONLY);
            config.setReadOnly(true);
        }
        return config.createConnection(url(path));
    }

    private static String url(Path path) {
        return "jdbc:sqlite:" + path.toAbsolutePath();
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
