package io.microlith.demo.views;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

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
 * The presentation database (seed 004): a SQLite file of its own, apart from the message store, written
 * only by aggregators and read by routes. Everything in it is derived: delete the file and the
 * aggregators rebuild it from the store on the next start.
 *
 * <p>WAL mode with {@code synchronous=NORMAL}: a power cut may lose the last view transactions, which
 * the aggregators then apply again, since their positions (in {@code microlith_view_positions}, kept by
 * the toolkit's {@code Aggregator}) roll back with them. Several aggregators write this one file; each
 * of their transactions starts with a write, so SQLite makes them queue on the write lock (up to the
 * busy timeout) rather than fail to upgrade a read.
 */
public final class ViewDatabase implements AutoCloseable {
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS products (id TEXT PRIMARY KEY, name TEXT NOT NULL, price TEXT NOT NULL,"
                    + " position INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, owner TEXT NOT NULL, number INTEGER,"
                    + " status TEXT NOT NULL, reason TEXT, total TEXT, lines TEXT NOT NULL, created_at TEXT NOT NULL,"
                    + " updated_at TEXT NOT NULL, position INTEGER NOT NULL, version INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS orders_of_owner ON orders (owner, position DESC)",
            // order numbers, given in the order orders were placed (decision 0045)
            "CREATE TABLE IF NOT EXISTS order_numbers (order_id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE)",
            // video tutorials (seed 003, videos/): uploads from PublishVideo commands, videos from their events, view
            // counts and views per day from VideoViewed; last_position makes a viewing counted once however often it
            // is delivered (decision 0061)
            "CREATE TABLE IF NOT EXISTS video_uploads (video_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL,"
                    + " source_uri TEXT NOT NULL, uploaded_at TEXT NOT NULL, position INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS video_uploads_of_owner ON video_uploads (owner_id, position DESC)",
            "CREATE TABLE IF NOT EXISTS videos (video_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, status TEXT NOT NULL,"
                    + " name TEXT, transcoded_uri TEXT, reason TEXT, published_at TEXT, updated_at TEXT NOT NULL,"
                    + " version INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS video_views (video_id TEXT PRIMARY KEY, views INTEGER NOT NULL,"
                    + " last_position INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS home_page (page TEXT PRIMARY KEY, videos_watched INTEGER NOT NULL,"
                    + " last_position INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO home_page (page, videos_watched, last_position) VALUES ('home', 0, 0)",
            "CREATE TABLE IF NOT EXISTS video_views_by_day (video_id TEXT NOT NULL, day TEXT NOT NULL,"
                    + " views INTEGER NOT NULL, last_position INTEGER NOT NULL, PRIMARY KEY (video_id, day))");
    // The users view (seed 002, users/) is kept in two copies, users_blue and users_green, made by its own aggregators
    // (UsersView), whose SQL runs on PostgreSQL too.

    private final String url;
    private final Path deleteOnClose;
    private final HikariDataSource readers;

    private ViewDatabase(Path file, boolean temporary) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.deleteOnClose = temporary ? file : null;
        try (Connection connection = openWriter(); Statement statement = connection.createStatement()) {
            for (String sql : SCHEMA) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the view database " + file + ": " + e.getMessage(), e);
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setPoolName("views-read");
        pool.setMaximumPoolSize(8);
        pool.addDataSourceProperty("busy_timeout", "5000");
        this.readers = new HikariDataSource(pool);
    }

    /** The view database in {@code file}, created when absent. */
    public static ViewDatabase open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of " + file, e);
        }
        return new ViewDatabase(file, false);
    }

    /** A view database in a temporary file, deleted on close (for the in-memory store). */
    public static ViewDatabase temporary() {
        try {
            return new ViewDatabase(Files.createTempFile("microlith-views-", ".db"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary view database", e);
        }
    }

    /** A new connection for one writer (an aggregator opens one and keeps it). */
    public Connection openWriter() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "NORMAL");
        properties.setProperty("busy_timeout", "10000");
        return DriverManager.getConnection(url, properties);
    }

    /** A pooled read-only connection; close it to give it back. */
    public Connection read() throws SQLException {
        return readers.getConnection();
    }

    @Override
    public void close() {
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
