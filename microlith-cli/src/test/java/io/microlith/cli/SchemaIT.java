package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code schema status|install} on a new PostgreSQL database. */
class SchemaIT {

    @Test
    void reports_a_missing_schema_installs_it_and_then_reports_it_current() {
        String database = PostgresServer.newDatabase("schema");

        Cli.Result missing = Cli.run("schema", "status", database);
        JsonNode installed = Cli.run("schema", "install", database, "--json").ok().json();
        Cli.Result current = Cli.run("schema", "status", database).ok();

        assertThat(missing.exitCode()).isEqualTo(Main.FAILED);
        assertThat(missing.out()).contains("no message store schema").contains("run 'microlith schema install'");
        assertThat(installed.path("kind").asText()).isEqualTo("MICROLITH");
        assertThat(installed.path("current").asBoolean()).isTrue();
        assertThat(current.out()).contains("Microlith schema version").contains("(current)");
        // inspecting validates, never installs: a database without the schema is refused, not changed
        Cli.inProcess("info", PostgresServer.newDatabase("noschema")).failsWith(Main.FAILED, "schema");
    }
}
