package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The move issue 11 asks for: the reference application run on its embedded SQLite store, stopped, its store copied into
 * PostgreSQL with the jar, and the application started again on the copy, where its users still log in.
 */
class DemoCopyIT {

    @Test
    void the_demo_runs_on_a_postgresql_copy_of_its_sqlite_store() {
        PostgresServer.require();
        String email = "moved-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String source;
        try (RunningDemo embedded = RunningDemo.start("sqlite", Set.of())) {
            embedded.register(email);
            assertThat(embedded.login(email)).isEqualTo(200);
            source = "sqlite:" + embedded.data.resolve("microlith.db");
        }
        String target = PostgresServer.newDatabase("demo");

        JsonNode copied = Cli.run("copy", source, target, "--json").ok().json();

        assertThat(copied.path("verified").asBoolean()).isTrue();
        assertThat(copied.path("copied").asLong()).isPositive();
        assertThat(copied.path("subjectKeys").asInt()).as("the users' keys travel with their messages").isPositive();
        assertThat(CopyIT.canonical(target)).isEqualTo(CopyIT.canonical(source));
        try (RunningDemo moved = RunningDemo.start(target, Set.of())) {
            assertThat(moved.login(email)).as("a user registered before the move logs in on the copy").isEqualTo(200);
            assertThat(moved.login("nobody-" + email)).isEqualTo(401);
        }
    }
}
