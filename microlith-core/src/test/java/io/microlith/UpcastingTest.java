package io.microlith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.entity.Entity;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.SchemaVersionException;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One store, three builds (decision 0085). Build 1 wrote {@code MoneyIn {"account","amount":"12 EUR"}}.
 * Build 2 renamed the type to {@code Deposited} and the field to {@code accountId}. Build 3 split the amount into
 * {@code cents} and {@code currency} and added {@code channel} with a default. Every reader of build 3 sees
 * build 3's record, whatever build wrote the message; the stored messages never change.
 */
class UpcastingTest {

    /** Build 2's record. */
    record DepositedV2(String accountId, String amount) {
    }

    /** Build 3's record. */
    record Deposited(String accountId, long cents, String currency, String channel) {
    }

    record BalanceV2(int deposits) {
    }

    record Balance(long cents, String lastChannel) {
        static final Balance NEW = new Balance(0, null);
    }

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final StreamName account = StreamName.of("account-1");

    private static ObjectNode renameAccount(ObjectNode data) {
        data.set("accountId", data.remove("account"));
        return data;
    }

    private static ObjectNode splitAmount(ObjectNode data) {
        String[] amount = data.remove("amount").asText().split(" ");
        data.put("cents", Long.parseLong(amount[0]) * 100);
        data.put("currency", amount[1]);
        data.put("channel", "branch");
        return data;
    }


    private Microlith build2() {
        return Microlith.create(config -> config.store(store)
                .types(new io.microlith.message.MessageTypes().register("Deposited", DepositedV2.class))
                .renamed("MoneyIn", DepositedV2.class)
                .upcast(DepositedV2.class, 1, UpcastingTest::renameAccount));
    }

    private Microlith build3() {
        return Microlith.create(config -> config.store(store)
                .renamed("MoneyIn", Deposited.class)
                .upcast(Deposited.class, 1, UpcastingTest::renameAccount)
                .upcast(Deposited.class, 2, UpcastingTest::splitAmount));
    }

    private void writeBuild1() {
        store.write(account, NewMessage.of("MoneyIn", "{\"account\":\"1\",\"amount\":\"12 EUR\"}"));
        store.write(account, NewMessage.of("MoneyIn", "{\"account\":\"1\",\"amount\":\"3 EUR\"}"));
    }

    @Test
    void every_reader_of_build_3_sees_build_3s_record_and_the_store_is_unchanged() {
        writeBuild1();
        List<Message> build1 = store.readStream(account, 0, 10);
        try (Microlith microlith = build2()) {
            microlith.store().write(account, microlith.types().toNewMessage(new DepositedV2("1", "5 EUR")));
            EntityStore<BalanceV2> entities = microlith.entities("account",
                    Projection.builder(microlith.types(), new BalanceV2(0))
                            .on(DepositedV2.class, (b, d) -> new BalanceV2(b.deposits() + 1)).build())
                    .snapshotEvery(1, BalanceV2.class).build();
            assertThat(entities.fetch("1").state()).isEqualTo(new BalanceV2(3));
        }
        assertThat(store.readStream(StreamName.of("account:snapshot-1"), 0, 10)).hasSize(1);
        store.write(account, NewMessage.of("Deposited", "{\"accountId\":\"1\",\"cents\":700,\"currency\":\"EUR\",\"channel\":\"app\"}",
                Metadata.EMPTY.withSchemaVersion("3")));

        try (Microlith microlith = build3()) {
            List<Deposited> consumed = new CopyOnWriteArrayList<>();
            microlith.consumer("account", "ledger", c -> c.handle(Deposited.class, (Deposited d) -> consumed.add(d)));
            EntityStore<Balance> entities = microlith.entities("account",
                    Projection.builder(microlith.types(), Balance.NEW)
                            .on(Deposited.class, (b, d) -> new Balance(b.cents() + d.cents(), d.channel())).build())
                    .snapshotEvery(1, Balance.class).build();

            microlith.start().awaitIdle(Duration.ofSeconds(10));

            List<Deposited> expected = List.of(new Deposited("1", 1200, "EUR", "branch"),
                    new Deposited("1", 300, "EUR", "branch"), new Deposited("1", 500, "EUR", "branch"),
                    new Deposited("1", 700, "EUR", "app"));
            assertThat(consumed).as("a consumer replaying the category").isEqualTo(expected);
            Entity<Balance> balance = entities.fetch("1");
            assertThat(balance.state()).as("the entity store ignored build 2's snapshot")
                    .isEqualTo(new Balance(2700, "app"));
            assertThat(entities.fetchAsOf("1", 1).state()).as("a temporal query").isEqualTo(new Balance(1500, "branch"));
            assertThat(store.readStream(account, 0, 10).stream().map(microlith.types()::decode).map(r -> r.orElseThrow()))
                    .as("the registry's decode").isEqualTo(expected);
            assertThat(store.readStream(account, 0, 10).get(2).metadata().schemaVersion())
                    .as("build 2 wrote its version").isEqualTo("2");
            assertThat(microlith.types().toNewMessage(expected.getFirst()).metadata().schemaVersion()).isEqualTo("3");
        }
        assertThat(store.readStream(account, 0, 2)).as("stored messages never change").isEqualTo(build1);
    }

    @Test
    void a_snapshot_taken_under_build_3_is_used_by_build_3() {
        writeBuild1();
        try (Microlith microlith = build3()) {
            Projection<Balance> projection = Projection.builder(microlith.types(), Balance.NEW)
                    .on(Deposited.class, (b, d) -> new Balance(b.cents() + d.cents(), d.channel())).build();
            microlith.entities("account", projection).snapshotEvery(1, Balance.class).build().fetch("1");
            store.write(account, NewMessage.of("Unfolded", "{}")); // moves the version on without changing the state
            Entity<Balance> fromSnapshot = microlith.entities("account", projection).snapshotEvery(100, Balance.class)
                    .build().fetch("1");
            assertThat(fromSnapshot.state()).isEqualTo(new Balance(1500, "branch"));
            assertThat(projection.version()).endsWith(";schemas=Deposited@3;renames=MoneyIn>Deposited");
        }
    }

    @Test
    void a_version_with_no_path_to_the_current_one_fails_naming_type_stored_version_and_known_versions() {
        try (Microlith microlith = Microlith.create(config -> config.store(store)
                .upcast(Deposited.class, 2, UpcastingTest::splitAmount))) {
            store.write(account, NewMessage.of("Deposited", "{\"account\":\"1\",\"amount\":\"12 EUR\"}"));
            store.write(account, NewMessage.of("Deposited", "{}", Metadata.EMPTY.withSchemaVersion("4")));
            List<Message> stored = store.readStream(account, 0, 10);

            assertThatThrownBy(() -> microlith.types().decode(stored.get(0)))
                    .isInstanceOf(SchemaVersionException.class)
                    .hasMessage("Message type 'Deposited' stored in schema version 1 cannot be read: there is no upcaster"
                            + " from version 1 towards the current version 3; known versions [2, 3]");
            assertThatThrownBy(() -> microlith.types().decode(stored.get(1), Deposited.class))
                    .isInstanceOf(SchemaVersionException.class)
                    .hasMessageContaining("schema version 4")
                    .hasMessageContaining("newer than the current version 3");
        }
    }
}
