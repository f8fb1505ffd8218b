package io.microlith.demo.views;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.microlith.postgres.PostgresSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The presentation database (seed 004), apart from the message store, written only by aggregators and read by routes:
 * a SQLite file of its own, or a schema of its own ({@code microlith_views}) in a PostgreSQL database, for a store on
 * PostgreSQL whose processes share the views (decision 0090). Everything in it is derived: drop it and the
 * aggregators rebuild it from the store on the next start. Its SQL is portable: the same statements run on both.
 *
 * <p>SQLite: WAL mode with {@code synchronous=NORMAL}: a power cut may lose the last view transactions, which
 * the aggregators then apply again, since their positions (in {@code microlith_view_positions}, kept by
 * the toolkit's {@code Aggregator}) roll back with them. Several aggregators write this one file; each
 * of their transactions starts with a write, so SQLite makes them queue on the write lock (up to the
 * busy timeout) rather than fail to upgrade a read.
 */
public final class ViewDatabase implements AutoCloseable {
    /** The schema of the views in a PostgreSQL database. */
    public static final String POSTGRES_SCHEMA = "microlith_views";

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS products (id TEXT PRIMARY KEY, name TEXT NOT NULL, price TEXT NOT NULL,"
                    + " position BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, owner TEXT NOT NULL, number BIGINT,"
                    + " status TEXT NOT NULL, reason TEXT, total TEXT, lines TEXT NOT NULL, created_at TEXT NOT NULL,"
                    + " updated_at TEXT NOT NULL, position BIGINT NOT NULL, version BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS orders_of_owner ON orders (owner, position DESC)",
            // order numbers, given in the order orders were placed (decision 0045)
            "CREATE TABLE IF NOT EXISTS order_numbers (order_id TEXT PRIMARY KEY, number BIGINT NOT NULL UNIQUE)",
            // video tutorials (seed 003, videos/): uploads from PublishVideo commands, videos from their events, view
            // counts and views per day from VideoViewed; last_position makes a viewing counted once however often it
            // is delivered (decision 0061)
            "CREATE TABLE IF NOT EXISTS video_uploads (video_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL,"
                    + " source_uri TEXT NOT NULL, uploaded_at TEXT NOT NULL, position BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS video_uploads_of_owner ON video_uploads (owner_id, position DESC)",
            "CREATE TABLE IF NOT EXISTS videos (video_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, status TEXT NOT NULL,"
                    + " name TEXT, transcoded_uri TEXT, reason TEXT, published_at TEXT, updated_at TEXT NOT NULL,"
                    + " version BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS video_views (video_id TEXT PRIMARY KEY, views BIGINT NOT NULL,"
                    + " last_position BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS home_page (page TEXT PRIMARY KEY, videos_watched BIGINT NOT NULL,"
                    + " last_position BIGINT NOT NULL)",
            "INSERT INTO home_page (page, videos_watched, last_position) VALUES ('home', 0, 0) ON CONFLICT DO NOTHING",
            "CREATE TABLE IF NOT EXISTS video_views_by_day (video_id TEXT NOT NULL, day TEXT NOT NULL,"
                    + " views BIGINT NOT NULL, last_position BIGINT NOT NULL, PRIMARY KEY (video_id, day))");
    // The users view (seed 002, users/) is kept in two copies, users_blue and users_green, made by its own aggregators
    // (UsersView).

    private final String url;
    private final Properties connectionProperties;
    private final Path deleteOnClose;
    private final HikariDataSource readers;
    private final ViewChanges changes;

    private ViewDatabase(String url, Properties connectionProperties, Path deleteOnClose, PostgresSettings postgres) {
        this.url = url;
        this.connectionProperties = connectionProperties;
        this.deleteOnClose = deleteOnClose;
        try (Connection connection = openWriter(); Statement statement = connection.createStatement()) {
            if (postgres != null) {
                // processes that start at once create the schema once: one transaction, under a lock of its own
                connection.setAutoCommit(false);
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + POSTGRES_SCHEMA + "'))");
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + POSTGRES_SCHEMA);
            }
            for (String sql : SCHEMA) {
                statement.execute(sql);
            }
            if (postgres != null) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the view database " + where(url, postgres) + ": "
                    + e.getMessage(), e);
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setPoolName("views-read");
        pool.setMaximumPoolSize(8);
        pool.setDataSourceProperties(connectionProperties);
        if (postgres == null) {
            pool.addDataSourceProperty("busy_timeout", "5000");
        } else {
            pool.setMinimumIdle(1); // a server's connections are shared by every process of a deployment
        }
        this.readers = new HikariDataSource(pool);
        this.changes = new ViewChanges(this, postgres, POSTGRES_SCHEMA + "_changes");
    }

    private static String where(String url, PostgresSettings postgres) {
        return postgres == null ? url : "schema " + POSTGRES_SCHEMA + " of " + postgres.jdbcUrl();
    }

    /** The view database in the SQLite {@code file}, created when absent. */
    public static ViewDatabase open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of " + file, e);
        }
        return sqlite(file, false);
    }

    /** A view database in a temporary SQLite file, deleted on close (for the in-memory store). */
    public static ViewDatabase temporary() {
        try {
            return sqlite(Files.createTempFile("microlith-views-", ".db"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary view database", e);
        }
    }

    private static ViewDatabase sqlite(Path file, boolean temporary) {
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "NORMAL");
        properties.setProperty("busy_timeout", "10000");
        // rows deleted when a user is forgotten are overwritten with zeros, not left in free pages (decision 0087)
        properties.setProperty("secure_delete", "true");
        return new ViewDatabase("jdbc:sqlite:" + file.toAbsolutePath(), properties, temporary ? file : null, null);
    }

    /**
     * The view database in the schema {@value #POSTGRES_SCHEMA} of the PostgreSQL database {@code settings} name,
     * created when absent; shared by every process of a deployment on that database.
     *
     * @throws IllegalStateException naming the database when it cannot be reached or the schema cannot be made
     */
    public static ViewDatabase onPostgres(PostgresSettings settings) {
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("currentSchema", POSTGRES_SCHEMA);
        properties.setProperty("ApplicationName", settings.applicationName() + "-views");
        return new ViewDatabase(settings.jdbcUrl(), properties, null, settings);
    }

    /** A new connection for one writer (an aggregator opens one and keeps it). */
    public Connection openWriter() throws SQLException {
        return DriverManager.getConnection(url, connectionProperties);
    }

    /** A pooled connection for reads; close it to give it back. */
    public Connection read() throws SQLException {
        return readers.getConnection();
    }

    /** How the processes on this view database tell each other of changes that pages show live. */
    public ViewChanges changes() {
        return changes;
    }

    @Override
    public void close() {
        changes.close();
        readers.close();
        if (deleteOnClose != null) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    Files.deleteIfExists(Path.of(deleteOnClose + suffix));
                } catch (IOException ignored) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }
}
