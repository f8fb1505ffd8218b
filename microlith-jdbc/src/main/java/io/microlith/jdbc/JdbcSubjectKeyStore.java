package io.microlith.jdbc;

import io.microlith.privacy.InMemorySubjectKeyStore;
import io.microlith.privacy.KeyStoreUnavailableException;
import io.microlith.privacy.SubjectKeyStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Data subjects' keys in a table of a database, {@code microlith_subject_keys(subject, subject_key)} (decision
 * 0086): the store's own SQLite file or PostgreSQL database, or any other. Portable SQL (SQLite, PostgreSQL); the
 * key is kept as base64 text. Each call opens a connection from {@code connections} and closes it; wrap this in a
 * {@link io.microlith.privacy.CachingSubjectKeyStore}. Any SQL failure is a {@link KeyStoreUnavailableException}.
 *
 * <p>{@link #forget} deletes the row; the database's own backups and write-ahead logs may keep it for a while
 * (see decision 0086 for what forgetting does not reach).
 */
public final class JdbcSubjectKeyStore implements SubjectKeyStore {
    /** Creates the keys table when it is missing. */
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS microlith_subject_keys ("
            + "subject VARCHAR(500) PRIMARY KEY, subject_key VARCHAR(64) NOT NULL)";
    private static final int MAX_SUBJECT_LENGTH = 500;

    private final ConnectionSource connections;
    private volatile boolean tableReady;

    public JdbcSubjectKeyStore(ConnectionSource connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public Optional<byte[]> find(String subject) {
        check(subject);
        try (Connection connection = open()) {
            return select(connection, subject);
        } catch (SQLException e) {
            throw unavailable("find the key of subject '" + subject + "'", e);
        }
    }

    @Override
    public byte[] findOrCreate(String subject) {
        check(subject);
        try (Connection connection = open()) {
            Optional<byte[]> existing = select(connection, subject);
            if (existing.isPresent()) {
                return existing.get();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO microlith_subject_keys (subject, subject_key) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING")) {
                insert.setString(1, subject);
                insert.setString(2, Base64.getEncoder().encodeToString(InMemorySubjectKeyStore.newKey()));
                insert.executeUpdate();
            }
            // another writer may have won the race: the key is whatever the table holds now
            return select(connection, subject).orElseThrow(() -> new KeyStoreUnavailableException(
                    "The key of subject '" + subject + "' vanished right after it was created (forgotten meanwhile?)"));
        } catch (SQLException e) {
            throw unavailable("create the key of subject '" + subject + "'", e);
        }
    }

    @Override
    public boolean forget(String subject) {
        check(subject);
        try (Connection connection = open();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM microlith_subject_keys WHERE subject = ?")) {
            delete.setString(1, subject);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable("forget subject '" + subject + "'", e);
        }
    }

    private Connection open() throws SQLException {
        Connection connection = connections.open();
        try {
            connection.setAutoCommit(true);
            if (!tableReady) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(CREATE_TABLE);
                }
                tableReady = true;
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static Optional<byte[]> select(Connection connection, String subject) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT subject_key FROM microlith_subject_keys WHERE subject = ?")) {
            select.setString(1, subject);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Base64.getDecoder().decode(row.getString(1))) : Optional.empty();
            }
        }
    }

    private static void check(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("A data subject must be 1 to " + MAX_SUBJECT_LENGTH
                    + " characters, was " + (subject == null ? "null" : subject.length() + " characters"));
        }
    }

    private static KeyStoreUnavailableException unavailable(String what, SQLException e) {
        return new KeyStoreUnavailableException("Key store: could not " + what + ": " + e.getMessage(), e);
    }
}
