package io.microlith.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.microlith.jdbc.JdbcSubjectKeyStore;
import io.microlith.postgres.PostgresSettings;
import io.microlith.privacy.CachingSubjectKeyStore;
import io.microlith.privacy.InMemorySubjectKeyStore;
import io.microlith.privacy.SubjectKeyStore;
import io.microlith.sqlite.SqliteConfig;

import java.time.Duration;

/**
 * Where the demo keeps its users' keys (decisions 0086 and 0087): the table {@code microlith_subject_keys} in the
 * message store's own database — the SQLite store file, or the store's PostgreSQL database (schema {@code public}) —
 * and in memory for the in-memory store. Not in the view database: that one is derived and may be dropped and rebuilt
 * at any time, and dropping it must not forget everybody. Beside the messages, a key lives exactly as long as the
 * data it opens, and every process of a split deployment on PostgreSQL sees the same keys.
 *
 * <p>Keys are cached ({@link CachingSubjectKeyStore}) for {@link #CACHE_TIME}: a forget is seen at once by the process
 * that forgets, and by the other processes of a split deployment within that time.
 */
final class KeyDatabase implements AutoCloseable {
    /** How long another process may still open a forgotten user's data. */
    static final Duration CACHE_TIME = Duration.ofSeconds(30);
    private static final int CACHED_KEYS = 10_000;

    private final SubjectKeyStore keys;
    private final HikariDataSource pool;

    private KeyDatabase(SubjectKeyStore keys, HikariDataSource pool) {
        this.keys = keys;
        this.pool = pool;
    }

    /** The keys of the store {@code settings} name. */
    static KeyDatabase open(DemoSettings settings) {
        if (settings.keepsNothing()) {
            return new KeyDatabase(new InMemorySubjectKeyStore(), null);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("subject-keys");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        if (settings.onPostgres()) {
            PostgresSettings postgres = PostgresSettings.parse(settings.storeSetting());
            config.setJdbcUrl(postgres.jdbcUrl());
            if (postgres.user() != null) {
                config.setUsername(postgres.user());
            }
            if (postgres.password() != null) {
                config.setPassword(postgres.password());
            }
            config.addDataSourceProperty("ApplicationName", postgres.applicationName() + "-keys");
        } else {
            // the store file, beside its messages; the store's writer holds the write lock at times: wait for it
            config.setJdbcUrl("jdbc:sqlite:" + SqliteConfig.parse(settings.storeSetting()).path().toAbsolutePath());
            config.addDataSourceProperty("busy_timeout", "10000");
            // a deleted key's bytes are overwritten with zeros, not left in a free page of the file (its older copy in
            // the write-ahead log stays until the log is written over: decision 0087)
            config.addDataSourceProperty("secure_delete", "true");
        }
        HikariDataSource pool = new HikariDataSource(config);
        return new KeyDatabase(new CachingSubjectKeyStore(new JdbcSubjectKeyStore(pool::getConnection), CACHED_KEYS,
                CACHE_TIME), pool);
    }

    SubjectKeyStore keys() {
        return keys;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
