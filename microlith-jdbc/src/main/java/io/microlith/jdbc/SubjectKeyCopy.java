package io.microlith.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Copies the data subjects' keys of one {@code microlith_subject_keys} table into another (decision 0089): what a copy
 * of a store must carry beside its messages, or every personal value in the copy reads as forgotten. The target ends
 * with exactly the source's keys: missing ones are inserted, and keys the target holds for subjects the source no
 * longer has are deleted (those subjects were forgotten since an earlier copy). A subject whose key differs between the
 * two is refused with {@link SubjectKeyConflictException} before anything is changed: a key is never overwritten.
 */
public final class SubjectKeyCopy {
    private final ConnectionSource from;
    private final ConnectionSource to;

    /** The outcome: keys inserted, deleted (forgotten in the source) and already there, and the target's count. */
    public record Result(int inserted, int deleted, int unchanged, int total) {
    }

    private SubjectKeyCopy(ConnectionSource from, ConnectionSource to) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    /** A copy of the keys in {@code from}'s database into {@code to}'s. */
    public static SubjectKeyCopy between(ConnectionSource from, ConnectionSource to) {
        return new SubjectKeyCopy(from, to);
    }

    /**
     * Makes the target's keys the source's, in one transaction of the target. A source without the table has no keys:
     * the target is left as it is when it has none either.
     *
     * @throws SubjectKeyConflictException when a subject has another key in the target than in the source
     * @throws SQLException                when either database fails
     */
    public Result run() throws SQLException {
        Map<String, String> source;
        try (Connection connection = from.open()) {
            source = hasTable(connection) ? keys(connection) : Map.of();
        }
        try (Connection connection = to.open()) {
            if (source.isEmpty() && !hasTable(connection)) {
                return new Result(0, 0, 0, 0);
            }
            try (Statement create = connection.createStatement()) {
                create.execute(JdbcSubjectKeyStore.CREATE_TABLE);
            }
            connection.setAutoCommit(false);
            try {
                Map<String, String> target = keys(connection);
                for (Map.Entry<String, String> key : target.entrySet()) {
                    String theirs = source.get(key.getKey());
                    if (theirs != null && !theirs.equals(key.getValue())) {
                        throw new SubjectKeyConflictException(key.getKey());
                    }
                }
                int inserted = 0;
                int deleted = 0;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO microlith_subject_keys (subject, subject_key) VALUES (?, ?)")) {
                    for (Map.Entry<String, String> key : source.entrySet()) {
                        if (!target.containsKey(key.getKey())) {
                            insert.setString(1, key.getKey());
                            insert.setString(2, key.getValue());
                            insert.addBatch();
                            inserted++;
                        }
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM microlith_subject_keys WHERE subject = ?")) {
                    for (String subject : target.keySet()) {
                        if (!source.containsKey(subject)) {
                            delete.setString(1, subject);
                            delete.addBatch();
                            deleted++;
                        }
                    }
                    delete.executeBatch();
                }
                connection.commit();
                return new Result(inserted, deleted, target.size() - deleted, source.size());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static boolean hasTable(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, "microlith_subject_keys", null)) {
            return tables.next();
        }
    }

    private static Map<String, String> keys(Connection connection) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT subject, subject_key FROM microlith_subject_keys")) {
            while (rows.next()) {
                keys.put(rows.getString(1), rows.getString(2));
            }
        }
        return keys;
    }

    /** A subject has another key in the target than in the source: copying would make one of them unreadable. */
    public static final class SubjectKeyConflictException extends IllegalStateException {
        private final String subject;

        SubjectKeyConflictException(String subject) {
            super("Subject '" + subject + "' has another key in the target than in the source: the target is not a"
                    + " copy of this source (no key was changed)");
            this.subject = subject;
        }

        /** The subject whose keys differ. */
        public String subject() {
            return subject;
        }
    }
}
