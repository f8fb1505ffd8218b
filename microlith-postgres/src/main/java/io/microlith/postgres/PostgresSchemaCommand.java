package io.microlith.postgres;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The schema as a command, for deployments where applications connect as the restricted role
 * {@code message_store} and an administrator installs or upgrades:
 * <pre>
 * java -cp microlith-postgres.jar:... io.microlith.postgres.PostgresSchemaCommand install postgresql://postgres@127.0.0.1/microlith
 * java -cp ... io.microlith.postgres.PostgresSchemaCommand status postgresql://127.0.0.1/microlith
 * </pre>
 * {@code install} installs, upgrades or adopts (see {@link PostgresSchema}); {@code status} only reports.
 * Exit code 0 when the schema is current afterwards, 1 when it is not, 2 for a usage error.
 */
public final class PostgresSchemaCommand {

    static final String USAGE = "java -cp <microlith-postgres and its dependencies> "
            + "io.microlith.postgres.PostgresSchemaCommand install postgresql://<user>@<host>/<database>";

    private PostgresSchemaCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !(args[0].equals("install") || args[0].equals("status"))) {
            err.println("Usage: " + USAGE.replace(" install ", " install|status "));
            return 2;
        }
        PostgresSettings settings;
        try {
            settings = PostgresSettings.parse(args[1]);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (Connection connection = PostgresConnections.unpooled(settings, "-schema")) {
            SchemaStatus status = args[0].equals("install")
                    ? PostgresSchema.install(connection)
                    : PostgresSchema.status(connection);
            out.println(settings.database() + ": " + status);
            return status.isCurrent() ? 0 : 1;
        } catch (SQLException e) {
            err.println("Cannot connect to " + settings.jdbcUrl() + ": " + e.getMessage());
            return 1;
        } catch (SchemaException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
