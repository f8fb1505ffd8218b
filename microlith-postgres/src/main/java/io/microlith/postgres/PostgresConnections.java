package io.microlith.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.microlith.store.MessageStoreException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How the store and its tools connect, as the settings say: the pool that reads and writes, and unpooled
 * connections for what must stay with one session (listening for notifications) or needs no pool (the
 * schema command).
 */
final class PostgresConnections {
    private PostgresConnections() {
    }

    /**
     * @throws MessageStoreException the server is unreachable or refuses the connection (the message names
     *                               the URL, the user and the server's reason)
     */
    static HikariDataSource pool(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("microlith-postgres");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setAutoCommit(true);
        // The store's writes do not NOTIFY in their transactions (CommitNotifier does it after them): a notifying
        // transaction holds a server-wide lock through its commit flush, so writers could not commit side by side.
        config.setConnectionInitSql("SET message_store.notify = off");
        config.setConnectionTimeout(Math.max(250, Math.min(10_000, settings.retryFor().toMillis())));
        config.addDataSourceProperty("ApplicationName", settings.applicationName());
        config.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MessageStoreException("Cannot connect to PostgreSQL at " + settings.jdbcUrl()
                    + (settings.user() == null ? "" : " as " + settings.user()) + ": " + cause.getMessage(), e);
        }
    }

    /** A fresh connection outside the pool, for LISTEN. */
    static Connection forListening(PostgresSettings settings) throws SQLException {
        return unpooled(settings, "-listener");
    }

    /**
     * A fresh connection outside the pool, shown on the server (in {@code pg_stat_activity}) as the
     * settings' application name followed by {@code nameSuffix}.
     */
    static Connection unpooled(PostgresSettings settings, String nameSuffix) throws SQLException {
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", settings.applicationName() + nameSuffix);
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }
}
