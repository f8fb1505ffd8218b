package io.microlith.bench.postgres;

import io.microlith.bench.support.Operation;
import io.microlith.message.Message;
import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The message-db side of {@link PostgresBenchmark}: clients that call message-db's SQL functions over JDBC, a
 * connection per client thread, the same messages and streams as the Microlith side. The connections of a run are
 * closed by {@link #closeConnections()} after it.
 */
final class MessageDbClients {
    private final PostgresServer server;
    private final List<Connection> connections = new ArrayList<>();

    MessageDbClients(PostgresServer server) {
        this.server = server;
    }

    /** Writers of {@code perTransaction} messages per call to streams of their own category. */
    Operation.Factory writes(String database, int perTransaction) {
        return writes(database, perTransaction, false);
    }

    /** Writers with {@code write_message}, one transaction per call; {@code shared}: one category for all. */
    Operation.Factory writes(String database, int perTransaction, boolean shared) {
        return thread -> {
            Connection connection = register(server.connect(database));
            PreparedStatement write = prepare(connection,
                    "SELECT write_message(?, ?, ?, ?::jsonb, ?::jsonb, NULL)");
            return () -> {
                if (perTransaction > 1) {
                    connection.setAutoCommit(false);
                }
                StreamName stream = PostgresBenchmark.randomStream(thread, shared);
                for (int i = 0; i < perTransaction; i++) {
                    NewMessage message = PostgresBenchmark.message(i);
                    write.setString(1, message.id().toString());
                    write.setString(2, stream.value());
                    write.setString(3, message.type());
                    write.setString(4, message.data());
                    write.setString(5, MetadataJson.write(message.metadata()));
                    write.executeQuery().close();
                }
                if (perTransaction > 1) {
                    connection.commit();
                }
                return perTransaction;
            };
        };
    }

    /** SQL write_message clients on Microlith's schema that set message_store.notify off (decision 0099). */
    Operation.Factory writesNotifyOff(String database) {
        Operation.Factory writes = writes(database, 1);
        return thread -> {
            Operation operation = writes.forThread(thread);
            synchronized (connections) {
                try (Statement statement = connections.get(connections.size() - 1).createStatement()) {
                    statement.execute("SET message_store.notify = off");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return operation;
        };
    }

    /** Readers of {@code category} in batches of 1,000 with {@code get_category_messages}, from the start again at its end. */
    Operation.Factory reads(String database, String category) {
        return thread -> {
            Connection connection = register(server.connect(database));
            PreparedStatement read = prepare(connection, "SELECT * FROM get_category_messages(?, ?, 1000)");
            long[] next = {1};
            return () -> {
                read.setString(1, category);
                read.setLong(2, next[0]);
                List<Message> batch = new ArrayList<>(1000);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        batch.add(new Message(UUID.fromString(rs.getString(1)), StreamName.of(rs.getString(2)),
                                rs.getString(3), rs.getLong(4), rs.getLong(5),
                                rs.getObject(8, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                rs.getString(6), MetadataJson.read(rs.getString(7))));
                    }
                }
                next[0] = batch.isEmpty() ? 1 : batch.get(batch.size() - 1).globalPosition() + 1;
                return batch.size();
            };
        };
    }

    /** Closes the connections of the last run. */
    void closeConnections() {
        synchronized (connections) {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Closing anyway.
                }
            }
            connections.clear();
        }
    }

    private Connection register(Connection connection) {
        synchronized (connections) {
            connections.add(connection);
        }
        return connection;
    }

    private static PreparedStatement prepare(Connection connection, String sql) {
        try {
            return connection.prepareStatement(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
