package io.microlith.cli;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's PostgreSQL server (127.0.0.1:5432, user postgres, trust authentication; MICROLITH_PG_* override) and
 * databases made for this run ({@code microlith_cli_<run>_<purpose>}, dropped when the JVM ends), as microlith-postgres's
 * tests do: without a server the tests are skipped loudly, and fail when {@code CI=true}.
 */
final class PostgresServer {
    static final String HOST = System.getenv().getOrDefault("MICROLITH_PG_HOST", "127.0.0.1");
    static final String PORT = System.getenv().getOrDefault("MICROLITH_PG_PORT", "5432");
    static final String USER = System.getenv().getOrDefault("MICROLITH_PG_USER", "postgres");
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final List<String> CREATED = new ArrayList<>();
    private static String unreachable;
    private static boolean checked;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresServer::dropAll, "drop-cli-test-databases"));
    }

    private PostgresServer() {
    }

    /** Skips the calling test (fails it when CI=true) unless the server answers. */
    static synchronized void require() {
        if (!checked) {
            checked = true;
            try (Connection ignored = admin()) {
                unreachable = null;
            } catch (SQLException e) {
                unreachable = e.getMessage();
            }
        }
        if (unreachable != null) {
            String message = "PostgreSQL at " + HOST + ":" + PORT + " is unreachable (" + unreachable
                    + "): the CLI's PostgreSQL tests cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("\n!!!!! SKIPPED: " + message + "\n");
            Assumptions.abort(message);
        }
    }

    /** A new empty database; returns its store setting. */
    static synchronized String newDatabase(String purpose) {
        require();
        String name = "microlith_cli_" + RUN + "_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "");
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        CREATED.add(name);
        return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + name;
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, null);
    }

    private static synchronized void dropAll() {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            for (String name : CREATED) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop the test databases " + CREATED + ": " + e.getMessage());
        }
    }
}
