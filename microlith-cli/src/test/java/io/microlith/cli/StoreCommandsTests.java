package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that inspect a store, against a store {@link SampleStore} filled; each store kind extends this with its
 * store setting and how it runs the command line (the jar for SQLite; in this JVM for PostgreSQL, whose jar runs are
 * {@link PostgresStoreCommandsIT}'s own tests).
 */
abstract class StoreCommandsTests {

    /** Runs a command line: the jar, or in this JVM where the jar's runs are tested elsewhere. */
    protected abstract Cli.Result cli(String... args);

    /** The store setting of a store holding {@link #sample()}. */
    protected abstract String store();

    protected abstract SampleStore sample();

    @Test
    void info_tells_the_head_and_how_many_messages_streams_and_categories_the_store_holds() {
        JsonNode info = cli("info", store(), "--json").ok().json();

        assertThat(info.path("head").asLong()).isEqualTo(sample().head());
        assertThat(info.path("categoryNames")).extracting(JsonNode::asText)
                .contains("account", "account:command", "account:position", "account:parked");
        assertThat(cli("info", store()).ok().out()).contains("global position " + sample().head());
    }

    @Test
    void streams_lists_the_categories_then_the_streams_of_one_newest_first() {
        JsonNode categories = cli("streams", store(), "--json").ok().json();
        JsonNode account = find(categories, "category", "account");
        assertThat(account.path("messages").asLong()).as("Opened, Deposited, Opened, Poison").isEqualTo(4);
        assertThat(account.path("streams").asLong()).isEqualTo(3);

        JsonNode streams = cli("streams", store(), "--category", "account", "--json").ok().json();
        assertThat(streams).extracting(s -> s.path("stream").asText()).containsExactly("account-3", "account-2", "account-1");
        assertThat(cli("streams", store(), "-c", "account").ok().out()).contains("account-1").contains("VERSION");
        cli("streams", store(), "--category", "nothing").failsWith(Main.FAILED, "Category nothing has no messages");
    }

    @Test
    void read_prints_a_stream_with_its_data_and_metadata_and_refuses_a_missing_stream_or_a_category() {
        JsonNode messages = cli("read", store(), "account-1", "--json").ok().json();

        assertThat(messages).extracting(m -> m.path("type").asText()).containsExactly("Opened", "Deposited");
        assertThat(messages.get(1).path("data").path("amount").asInt()).isEqualTo(10);
        assertThat(messages.get(1).path("metadata").path("correlationId").asText()).isEqualTo(sample().correlationId());
        assertThat(cli("read", store(), "account-1", "--from", "1").ok().out()).contains("Deposited").doesNotContain("Opened");
        cli("read", store(), "account-99").failsWith(Main.FAILED, "Stream account-99 has no messages");
        cli("read", store(), "account").failsWith(Main.USAGE, "'account' is a category, not a stream");
    }

    @Test
    void tail_prints_the_last_messages_of_a_category_one_json_object_per_line() {
        Cli.Result tail = cli("tail", store(), "account", "--last", "2", "--json").ok();

        List<String> types = new ArrayList<>();
        tail.out().lines().forEach(line -> types.add(parse(line).path("type").asText()));
        assertThat(types).containsExactly("Opened", "Poison");
        cli("tail", store(), "account-1").failsWith(Main.USAGE, "account-1");
    }

    @Test
    void correlation_prints_a_conversation_as_a_causal_tree() {
        JsonNode chain = cli("correlation", store(), sample().correlationId(), "--json").ok().json();

        assertThat(chain).extracting(m -> m.path("type").asText() + "@" + m.path("depth").asInt())
                .containsExactly("Open@0", "Opened@1", "Deposited@2");
        assertThat(chain.get(2).path("causedBy").asText()).isEqualTo(chain.get(1).path("id").asText());
        assertThat(cli("correlation", store(), sample().correlationId()).ok().out()).contains("    └ Deposited");
        cli("correlation", store(), "no-such-conversation").failsWith(Main.FAILED, "no-such-conversation");
    }

    @Test
    void consumers_and_parked_show_what_the_store_knows_of_its_consumers() {
        JsonNode consumers = cli("consumers", store(), "--json").ok().json();
        JsonNode ledger = find(consumers, "consumer", "ledger");
        assertThat(ledger.path("category").asText()).isEqualTo("account");
        assertThat(ledger.path("parked").asInt()).isEqualTo(1);
        assertThat(ledger.path("pendingAtMost").asLong()).isZero();

        JsonNode parked = cli("parked", store(), "--json").ok().json();
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.path("messageId").asText()).isEqualTo(sample().poisonId().toString());
            assertThat(p.path("error").asText()).contains("a negative amount in account-3");
            assertThat(p.path("consumer").asText()).isEqualTo("ledger");
        });
        assertThat(cli("parked", store()).ok().out()).contains(sample().poisonId().toString());
        assertThat(cli("parked", store(), "--consumer", "nobody").ok().out()).contains("no parked message");
    }

    static JsonNode parse(String line) {
        try {
            return Output.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("Not a JSON line: " + line, e);
        }
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("No element with " + field + "=" + value + " in " + array);
    }
}
