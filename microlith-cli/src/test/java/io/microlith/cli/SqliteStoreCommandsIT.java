package io.microlith.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The inspecting commands on a SQLite store (the jar runs each; the details in this JVM), and bad command lines. */
class SqliteStoreCommandsIT extends StoreCommandsTests {
    @TempDir
    static Path dir;
    private static String store;
    private static SampleStore sample;

    @BeforeAll
    static void fill() {
        store = "sqlite:" + dir.resolve("sample.db");
        sample = SampleStore.fill(store);
    }

    @Override
    protected Cli.Result cli(String... args) {
        return Cli.inProcess(args);
    }

    @Override
    protected String store() {
        return store;
    }

    @Override
    protected SampleStore sample() {
        return sample;
    }

    @Test
    void the_jar_runs_every_inspecting_command_on_a_sqlite_store() {
        assertThat(Cli.run("info", store).ok().out()).contains("global position " + sample.head());
        assertThat(Cli.run("streams", store, "--category", "account", "--json").ok().json()).hasSize(3);
        assertThat(Cli.run("read", store, "account-1").ok().out()).contains("Opened").contains("Deposited");
        assertThat(Cli.run("tail", store, "account", "--last", "1", "--json").ok().out()).contains("Poison");
        assertThat(Cli.run("correlation", store, sample.correlationId(), "--json").ok().json()).hasSize(3);
        assertThat(Cli.run("consumers", store).ok().out()).contains("ledger");
        assertThat(Cli.run("parked", store).ok().out()).contains(sample.poisonId().toString());
    }

    @Test
    void every_command_has_its_help_and_the_tool_lists_them() {
        assertThat(Cli.run("copy", "--help").ok().out()).startsWith("Usage: microlith copy");
        assertThat(Cli.inProcess("--help").ok().out()).contains("Exit codes: 0 done, 1 the command failed, 2 the command line is wrong");
        for (String command : new String[]{"info", "streams", "read", "tail", "correlation", "consumers", "parked",
                "retry", "skip", "rebuild", "schema", "copy"}) {
            assertThat(Cli.inProcess(command, "--help").ok().out()).as(command).startsWith("Usage: microlith " + command);
        }
    }

    @Test
    void answers_a_bad_command_line_with_one_line_and_exit_code_2() {
        Cli.run().failsWith(Main.USAGE, "Missing command");
        Cli.run("info", "mysql://db/x").failsWith(Main.USAGE, "No message store for scheme 'mysql'");
        Cli.inProcess("frobnicate").failsWith(Main.USAGE, "frobnicate");
        Cli.inProcess("info").failsWith(Main.USAGE, "STORE");
        Cli.inProcess("read", store, "account-1", "--limit", "many").failsWith(Main.USAGE, "many");
        Cli.inProcess("info", "nonsense").failsWith(Main.USAGE, "A store setting looks like");
        Cli.inProcess("info", "sqlite:" + dir.resolve("sample.db") + "?durability=sloppy").failsWith(Main.USAGE, "sloppy");
        Cli.inProcess("tail", store, "account", "--last", "-1").failsWith(Main.USAGE, "--last must be 0 or more");
        Cli.inProcess("schema", "status", store).failsWith(Main.USAGE, "The schema command is for PostgreSQL stores");
        Cli.inProcess("schema", "drop", "postgresql://127.0.0.1/x").failsWith(Main.USAGE, "drop");
    }

    @Test
    void fails_with_exit_code_1_for_a_store_that_is_not_there() {
        Cli.run("info", "sqlite:" + dir.resolve("missing.db")).failsWith(Main.FAILED, "No SQLite store at");
        Cli.inProcess("info", "postgresql://127.0.0.1:1/nowhere").failsWith(Main.FAILED, "nowhere");
    }
}
