package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.consumer.Consumer;
import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.StoreBrowser;
import io.microlith.testkit.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code retry}, {@code skip} and {@code rebuild} against the running reference application, through its admin API
 * (decision 0070): the jar logs in as an administrator; the application does the work and audits it.
 */
class AppCommandsIT {
    private static final String ADMIN = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    private static final String CUSTOMER = "ann-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    private static RunningDemo demo;
    private static volatile boolean down;
    private static final List<String> handled = new CopyOnWriteArrayList<>();
    private static Map<String, String> asAdmin;

    @BeforeAll
    static void start() {
        demo = RunningDemo.start("memory", Set.of(ADMIN));
        demo.register(ADMIN);
        demo.register(CUSTOMER);
        // A consumer of the test's own that fails while its service is "down", so that a retry can succeed later.
        demo.app.microlith().consumer("flaky", "flaky-cli", c -> c.handle("Flaky", message -> {
            if (down) {
                throw new IllegalStateException("the flaky service is down");
            }
            handled.add(message.id().toString());
        }));
        asAdmin = Map.of("MICROLITH_PASSWORD", RunningDemo.PASSWORD, "MICROLITH_APP", demo.url(), "MICROLITH_USER", ADMIN,
                "MICROLITH_ADMIN_CODE", demo.app.admin().administrators().code());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static String parkOne() {
        down = true;
        NewMessage message = NewMessage.of("Flaky", "{}", Metadata.correlated());
        demo.app.microlith().store().write(StreamName.of("flaky", UUID.randomUUID().toString()), message);
        Consumer flaky = demo.app.microlith().consumers().stream().filter(c -> c.name().equals("flaky-cli")).findFirst().orElseThrow();
        Eventually.within(Duration.ofSeconds(30)).until(() -> flaky.parked().stream()
                .anyMatch(p -> p.messageId().equals(message.id())));
        return message.id().toString();
    }

    @Test
    void retry_fails_while_the_handler_still_fails_then_handles_the_message_and_the_application_audits_both() {
        String id = parkOne();

        Cli.run(asAdmin, "retry", id).failsWith(Main.FAILED, "The retry failed again");
        down = false;
        JsonNode retried = Cli.run(asAdmin, "retry", id, "--json").ok().json();

        assertThat(retried.path("outcome").asText()).isEqualTo("handled");
        assertThat(retried.path("consumer").asText()).isEqualTo("flaky-cli");
        assertThat(handled).contains(id);
        Message parked = StoreBrowser.of(demo.app.microlith().store()).orElseThrow().message(UUID.fromString(id)).orElseThrow();
        List<Message> conversation = StoreBrowser.of(demo.app.microlith().store()).orElseThrow()
                .correlated(parked.correlationId(), 100);
        assertThat(conversation).extracting(Message::type).contains("ParkedMessageRetried");
    }

    @Test
    void skip_gives_up_on_a_parked_message_and_a_second_skip_finds_it_no_longer_parked() {
        String id = parkOne();

        assertThat(Cli.run(asAdmin, "skip", id).ok().out()).contains("skipped by consumer flaky-cli");

        assertThat(handled).doesNotContain(id);
        Cli.run(asAdmin, "skip", id).failsWith(Main.FAILED, "No consumer of the application");
        down = false;
    }

    @Test
    void rebuild_shows_the_progress_of_a_view_rebuild_until_the_other_copy_serves() {
        Cli.Result rebuilt = Cli.run(asAdmin, "rebuild", "users", "--progress", "lines", "--poll", "20");

        rebuilt.ok();
        assertThat(rebuilt.out()).contains("View users rebuilt");
        assertThat(rebuilt.err()).contains("rebuilding 100%");
        Cli.run(asAdmin, "rebuild", "nothing").failsWith(Main.FAILED, "keeps no view named 'nothing'; it keeps: users");
    }

    @Test
    void refuses_without_an_administrator_a_password_or_a_reachable_application() {
        Map<String, String> customer = Map.of("MICROLITH_PASSWORD", RunningDemo.PASSWORD, "MICROLITH_APP", demo.url(),
                "MICROLITH_USER", CUSTOMER);
        Cli.run(customer, "rebuild", "users").failsWith(Main.FAILED, CUSTOMER + " is no administrator");
        Cli.run(Map.of("MICROLITH_PASSWORD", "wrong-password", "MICROLITH_APP", demo.url(), "MICROLITH_USER", CUSTOMER),
                "rebuild", "users").failsWith(Main.FAILED, "refused the login");
        Cli.run(Map.of("MICROLITH_PASSWORD", "x", "MICROLITH_USER", ADMIN, "MICROLITH_APP", "http://127.0.0.1:1"),
                "skip", UUID.randomUUID().toString()).failsWith(Main.FAILED, "Cannot reach the application at http://127.0.0.1:1");
        // this JVM has no MICROLITH_* variables
        Cli.inProcess("rebuild", "users", "--app", demo.url(), "--user", ADMIN).failsWith(Main.USAGE, "MICROLITH_PASSWORD");
        Cli.inProcess("skip", UUID.randomUUID().toString(), "--app", demo.url()).failsWith(Main.USAGE, "--user");
        String passwordFile = passwordFile();
        Cli.inProcess("skip", UUID.randomUUID().toString(), "--app", "ftp://x", "--user", ADMIN, "--password-file", passwordFile)
                .failsWith(Main.USAGE, "--app must be an http(s) URL");
        Cli.inProcess("retry", "not-an-id", "--app", demo.url(), "--user", ADMIN, "--password-file", passwordFile,
                "--code", demo.app.admin().administrators().code()).failsWith(Main.USAGE, "'not-an-id' is no message id");
    }

    private static String passwordFile() {
        try {
            Path file = Files.createTempFile("microlith-cli-password", ".txt");
            Files.writeString(file, RunningDemo.PASSWORD + "\n");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
