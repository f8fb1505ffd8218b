package io.microlith.demo;

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
 * A database of the machine's PostgreSQL server (127.0.0.1:5432, user postgres, trust authentication; or
 * {@code MICROLITH_PG_HOST}, {@code MICROLITH_PG_PORT}, {@code MICROLITH_PG_USER}) made for one test run, named
 * {@code microlith_demo_test_<random>_<purpose>} and dropped when the test JVM ends. When the server cannot be reached
 * the calling test is skipped with a loud message, except with {@code CI=true}, where it fails.
 */
public final class PostgresTestDatabase {
    static final String HOST = System.getenv().getOrDefault("MICROLITH_PG_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("MICROLITH_PG_PORT", "5432"));
    static final String USER = System.getenv().getOrDefault("MICROLITH_PG_USER", "postgres");
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final List<String> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestDatabase::dropAll, "drop-demo-test-databases"));
    }

    private PostgresTestDatabase() {
    }

    /** A new empty database for {@code purpose}; skips (or, with CI=true, fails) the test when there is no server. */
    public static synchronized String create(String purpose) {
        String name = "microlith_demo_test_" + RUN + "_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "");
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + HOST + ":" + PORT + " is unreachable (" + e.getMessage()
                    + "): the demo's PostgreSQL tests cannot run. Start it, e.g. pg_ctlcluster 15 main start.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("\n!!!!! SKIPPED: " + message + "\n");
            Assumptions.abort(message);
        }
        CREATED.add(name);
        return name;
    }

    /** The store setting of {@code database}, for {@code MessageStores.open}. */
    public static String storeSetting(String database) {
        return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + database;
    }

    /** A new connection to {@code database}. */
    public static Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("ApplicationName", "microlith-demo-test");
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, properties);
    }

    private static synchronized void dropAll() {
        if (CREATED.isEmpty() || Boolean.getBoolean("microlith.keepTestDatabases")) {
            return;
        }
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            for (String name : CREATED) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop the test databases " + CREATED + ": " + e.getMessage());
        }
    }
}
