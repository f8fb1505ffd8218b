package io.microlith.cli;

import io.microlith.postgres.PostgresSchema;
import io.microlith.postgres.PostgresSettings;
import io.microlith.postgres.SchemaException;
import io.microlith.postgres.SchemaStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code schema install|status POSTGRES}: the PostgreSQL store's schema. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Install (or upgrade, or adopt a message-db database) the PostgreSQL message store's schema, or"
                + " report its status. Exit code 0 when the schema is current afterwards, 1 when it is not.",
                "Run 'install' as an administrator when applications connect as the restricted role message_store."})
final class SchemaCommand implements Callable<Integer> {
    enum Action { install, status }

    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "ACTION", description = "install or status.")
    Action action;

    @Parameters(index = "1", paramLabel = "POSTGRES", description = "postgresql://[user[:password]@]host[:port]/database")
    String setting;

    @Override
    public Integer call() {
        if (!setting.startsWith("postgresql:")) {
            throw CommandFailure.usage("The schema command is for PostgreSQL stores (postgresql://host/database), not '"
                    + setting + "'; a SQLite file carries its schema and is upgraded when opened");
        }
        PostgresSettings settings;
        try {
            settings = PostgresSettings.parse(setting);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", "microlith-cli");
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties)) {
            SchemaStatus status = action == Action.install ? PostgresSchema.install(connection) : PostgresSchema.status(connection);
            output.document(Output.object().put("database", settings.database()).put("kind", status.kind().name())
                    .put("version", status.version()).put("messageDbVersion", status.messageDbVersion())
                    .put("current", status.isCurrent()).put("expectedVersion", PostgresSchema.VERSION));
            output.text(settings.database() + ": " + status + (status.isCurrent() ? " (current)"
                    : " (this Microlith needs schema version " + PostgresSchema.VERSION + ": run 'microlith schema install')"));
            return status.isCurrent() ? Main.OK : Main.FAILED;
        } catch (SQLException e) {
            throw CommandFailure.failed("Cannot connect to " + settings.jdbcUrl() + ": " + e.getMessage());
        } catch (SchemaException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }
}
