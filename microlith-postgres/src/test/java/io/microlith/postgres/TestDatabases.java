package io.microlith.postgres;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The real PostgreSQL server of the machine (127.0.0.1:5432, user postgres, trust authentication) and
 * databases made for this test run: each is called {@code microlith_test_<random>} and dropped when the
 * test JVM ends. When the server cannot be reached the tests are skipped with a loud message, except with
 * {@code CI=true}, where they fail.
 */
final class TestDatabases {
    static final String HOST = System.getenv().getOrDefault("MICROLITH_PG_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("MICROLITH_PG_PORT", "5432"));
    static final String USER = System.getenv().getOrDefault("MICROLITH_PG_USER", "postgres");
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final List<String> CREATED = new ArrayList<>();
    private static Boolean reachable;
    private static String unreachableReason;
    private static PostgresMessageStore shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
    }

    private TestDatabases() {
    }

    /** Skips the calling test (fails it when CI=true) unless the server answers. */
    static synchronized void requireServer() {
        if (reachable == null) {
            try (Connection ignored = admin()) {
                reachable = true;
            } catch (SQLException e) {
                reachable = false;
                unreachableReason = e.getMessage();
            }
        }
        if (!reachable) {
            String message = "PostgreSQL at " + HOST + ":" + PORT + " is unreachable (" + unreachableReason
                    + "): the PostgreSQL store tests cannot run. Start it, e.g. pg_ctlcluster 15 main start.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("\n!!!!! SKIPPED: " + message + "\n");
            Assumptions.abort(message);
        }
    }

    /** A new empty database, dropped at the end of the run; {@code purpose} becomes part of its name. */
    static synchronized String create(String purpose) {
        requireServer();
        String name = "microlith_test_" + RUN + "_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "");
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        CREATED.add(name);
        return name;
    }

    /** Settings for a database of this run, as the superuser, with the schema installed on open. */
    static PostgresSettings settings(String database) {
        return PostgresSettings.parse("postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + database);
    }

    /** One store over one database, shared by the test classes that only need a store (closed at the end). */
    static synchronized PostgresMessageStore shared() {
        if (shared == null) {
            shared = PostgresMessageStore.open(settings(create("shared")));
        }
        return shared;
    }

    static Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("ApplicationName", "microlith-test");
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, properties);
    }

    static Connection admin() throws SQLException {
        return connect("postgres");
    }

    private static synchronized void dropAll() {
        if (shared != null) {
            shared.close();
        }
        if (CREATED.isEmpty() || Boolean.getBoolean("microlith.keepTestDatabases")) {
            return;
        }
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            for (String name : CREATED) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop the test databases " + CREATED + ": " + e.getMessage());
        }
    }
}
