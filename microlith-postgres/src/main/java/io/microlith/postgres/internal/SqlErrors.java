package io.microlith.postgres.internal;

import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PostgreSQL errors: SQLSTATE first, message text only where message-db leaves no other way. */
public final class SqlErrors {
    /** Failures after which the server may be fine again: lost or refused connections, shutdowns, restarts. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P01", // admin_shutdown (pg_terminate_backend, fast shutdown)
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (starting up, recovering)
            "53300", // too_many_connections
            "40001", // serialization_failure
            "40P01"); // deadlock_detected
    private static final Pattern WRONG_VERSION = Pattern.compile(
            "Wrong expected version: (-?\\d+) \\(Stream: (.*), Stream Version: (-?\\d+)\\)");
    private static final Pattern DUPLICATE_KEY = Pattern.compile("\\(id\\)=\\(([0-9a-fA-F-]{36})\\)");

    private SqlErrors() {
    }

    /** Whether retrying on a fresh connection may succeed (the outcome of a write is then unknown). */
    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
                if (sql.getNextException() != null && isTransient(sql.getNextException())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The id of a unique violation on {@code messages_id}, or {@code null} when it is another error. */
    public static UUID duplicateMessageId(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && "23505".equals(p.getSQLState())) {
                ServerErrorMessage server = p.getServerErrorMessage();
                if (server != null && "messages_id".equals(server.getConstraint())) {
                    Matcher m = DUPLICATE_KEY.matcher(String.valueOf(server.getDetail()));
                    return m.find() ? UUID.fromString(m.group(1)) : new UUID(0, 0);
                }
            }
        }
        return null;
    }

    /**
     * message-db's expected-version failure (SQLSTATE P0001, 'Wrong expected version: 5 (Stream: account-1,
     * Stream Version: 3)') as an {@link ExpectedVersionException}, or {@code null} when it is another error.
     */
    public static ExpectedVersionException expectedVersion(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && "P0001".equals(p.getSQLState())) {
                ServerErrorMessage server = p.getServerErrorMessage();
                String text = server != null ? server.getMessage() : p.getMessage();
                Matcher m = WRONG_VERSION.matcher(String.valueOf(text));
                if (m.find()) {
                    return new ExpectedVersionException(StreamName.of(m.group(2)),
                            ExpectedVersion.exactly(Long.parseLong(m.group(1))), Long.parseLong(m.group(3)));
                }
            }
        }
        return null;
    }
}
