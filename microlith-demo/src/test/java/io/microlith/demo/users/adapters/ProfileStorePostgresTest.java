package io.microlith.demo.users.adapters;

import io.microlith.demo.PostgresTestDatabase;
import io.microlith.jdbc.ConnectionSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The user service's adapters on the PostgreSQL store (message-db's schema), with the users view in the same PostgreSQL
 * database: the production store behind the same ports. Skipped loudly without a server, failed under {@code CI=true}.
 */
class ProfileStorePostgresTest extends ProfileStoreContract {
    static String database;

    @BeforeAll
    static void database() {
        database = PostgresTestDatabase.create("profiles");
    }

    @Override
    String storeSetting() {
        return PostgresTestDatabase.storeSetting(database) + "?poolSize=4";
    }

    @Override
    ConnectionSource viewWriters() {
        return () -> PostgresTestDatabase.connect(database);
    }

    @Override
    ConnectionSource viewReaders() {
        return () -> PostgresTestDatabase.connect(database);
    }
}
