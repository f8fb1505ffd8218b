package io.microlith.sqlite;

import io.microlith.message.NewMessage;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.MessageStoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the id that makes a request a duplicate. Ids repeated inside one request never get here (the
 * store's SPI refuses them before queueing); an id written by an earlier request of the open transaction is
 * found in memory, and one already in the file by the unique index during the insert, then named by
 * {@link #storedIdOf} after the rollback. Only under the writer's lock.
 */
final class MessageIdLookup implements AutoCloseable {
    private final Set<UUID> transaction = new HashSet<>();
    private final PreparedStatement selectId;
    private final String description;

    MessageIdLookup(Connection connection, String description) throws SQLException {
        this.selectId = connection.prepareStatement("SELECT 1 FROM messages WHERE id = ?");
        this.description = description;
    }

    /** A transaction begins (or is replayed): forget the ids of the last attempt. */
    void begin() {
        transaction.clear();
    }

    /** An id of the request that an earlier request of the open transaction wrote, or {@code null}. */
    UUID writtenEarlier(WriteRequest request) {
        if (transaction.isEmpty()) {
            return null;
        }
        for (PreparedWrite write : request.writes) {
            for (NewMessage message : write.messages) {
                if (transaction.contains(message.id())) {
                    return message.id();
                }
            }
        }
        return null;
    }

    /** The open transaction wrote the request's messages. */
    void wrote(WriteRequest request) {
        for (PreparedWrite write : request.writes) {
            for (NewMessage message : write.messages) {
                transaction.add(message.id());
            }
        }
    }

    /** After the unique index refused the request and the transaction rolled back: which id the file holds. */
    RuntimeException storedIdOf(WriteRequest request) {
        try {
            for (PreparedWrite write : request.writes) {
                for (int i = 0; i < write.size(); i++) {
                    selectId.setBytes(1, write.ids[i]);
                    try (ResultSet rs = selectId.executeQuery()) {
                        if (rs.next()) {
                            return new DuplicateMessageIdException(write.messages.get(i).id());
                        }
                    }
                }
            }
            return new MessageStoreException("The unique index on message ids refused a write to " + description
                    + " but none of its ids is stored; nothing of it was written");
        } catch (SQLException e) {
            return new MessageStoreException("Could not tell which message id of a refused write is stored", e);
        }
    }

    @Override
    public void close() throws SQLException {
        selectId.close();
    }
}
