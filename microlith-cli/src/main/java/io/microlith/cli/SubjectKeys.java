package io.microlith.cli;

import io.microlith.jdbc.ConnectionSource;
import io.microlith.jdbc.SubjectKeyCopy;
import io.microlith.postgres.PostgresSettings;
import io.microlith.sqlite.SqliteConfig;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The data subjects' keys beside a store's messages ({@code microlith_subject_keys} in the SQLite file or the
 * PostgreSQL database, decisions 0086 and 0089), reached with plain JDBC from a store setting.
 */
final class SubjectKeys {
    private SubjectKeys() {
    }

    /** Copies {@code from}'s keys into {@code to} (a store in memory has none, and nowhere to keep them). */
    static SubjectKeyCopy.Result copy(String from, String to) {
        Optional<ConnectionSource> source = database(from);
        Optional<ConnectionSource> target = database(to);
        if (source.isEmpty() || target.isEmpty()) {
            return new SubjectKeyCopy.Result(0, 0, 0, 0);
        }
        try {
            return SubjectKeyCopy.between(source.get(), target.get()).run();
        } catch (SubjectKeyCopy.SubjectKeyConflictException e) {
            throw CommandFailure.failed(e.getMessage());
        } catch (SQLException e) {
            throw CommandFailure.failed("The messages were copied, but not the data subjects' keys"
                    + " (microlith_subject_keys): " + e.getMessage() + "; run the copy again");
        }
    }

    private static Optional<ConnectionSource> database(String setting) {
        if (setting.startsWith("sqlite:")) {
            String url = "jdbc:sqlite:" + SqliteConfig.parse(setting).path().toAbsolutePath();
            return Optional.of(() -> DriverManager.getConnection(url));
        }
        if (setting.startsWith("postgresql:") || setting.startsWith("postgres:")) {
            PostgresSettings postgres = PostgresSettings.parse(setting);
            return Optional.of(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password()));
        }
        return Optional.empty();
    }
}
