package io.microlith.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The stream versions the writer checks expected versions against: what the open transaction wrote, over
 * an LRU cache of committed versions ({@link StreamVersions}), over an indexed {@code SELECT} on a miss.
 * The cache is trustworthy because the writer is the file's only writer (decision 0013). Only under the writer's lock.
 */
final class StreamVersionLookup implements AutoCloseable {
    private final StreamVersions committed;
    private final Map<String, Long> transaction = new HashMap<>();
    private final PreparedStatement selectVersion;

    StreamVersionLookup(Connection connection, int cacheSize) throws SQLException {
        this.committed = new StreamVersions(cacheSize);
        this.selectVersion = connection.prepareStatement("SELECT max(position) FROM messages WHERE stream_name = ?");
    }

    /** A transaction begins (or is replayed): forget what the last attempt wrote. */
    void begin() {
        transaction.clear();
    }

    /** The stream's version as the open transaction sees it, {@code -1} when it has no messages. */
    long versionOf(String stream) throws SQLException {
        Long version = transaction.get(stream);
        if (version == null) {
            version = committed.get(stream);
        }
        if (version == null) {
            selectVersion.setString(1, stream);
            try (ResultSet rs = selectVersion.executeQuery()) {
                long max = rs.next() ? rs.getLong(1) : -1;
                version = rs.wasNull() ? -1 : max;
            }
            // Safe to cache: streams this transaction wrote are answered from the transaction's map above,
            // so what the file says here is committed state.
            committed.put(stream, version);
        }
        return version;
    }

    /** The open transaction wrote {@code stream} up to {@code version}. */
    void wrote(String stream, long version) {
        transaction.put(stream, version);
    }

    /** The open transaction committed: its versions are now the file's. */
    void committed() {
        committed.putAll(transaction);
    }

    /** After an unexpected failure: forget every cached version, the file is asked again. */
    void forget() {
        committed.clear();
    }

    @Override
    public void close() throws SQLException {
        selectVersion.close();
    }
}
