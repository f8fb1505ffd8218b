package io.microlith;

import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.privacy.CachingSubjectKeyStore;
import io.microlith.privacy.DataSubject;
import io.microlith.privacy.InMemorySubjectKeyStore;
import io.microlith.privacy.KeyStoreUnavailableException;
import io.microlith.privacy.PersonalData;
import io.microlith.privacy.SubjectKeyStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Personal data encrypted per subject and forgotten by deleting the subject's key (decision 0086). */
class CryptoShreddingTest {

    record Registered(@DataSubject String userId, @PersonalData String email, @PersonalData String name, int plan) {
    }

    record Profile(String email, String name, int plan) {
        static final Profile NONE = new Profile(null, null, 0);
    }

    /** A folded state that is itself personal data of a subject. */
    record Account(@DataSubject String userId, @PersonalData String email, int plan) {
        static final Account NONE = new Account("nobody", null, 0);
    }

    private static final String EMAIL = "ada@example.org";
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();
    private final StreamName user = StreamName.of("user-u1");

    private Microlith microlith(SubjectKeyStore keyStore) {
        return Microlith.create(config -> config.store(store).personalData(keyStore).register(Registered.class));
    }

    private List<Registered> consumeAll(Microlith microlith, String name) {
        List<Registered> seen = new CopyOnWriteArrayList<>();
        microlith.consumer("user", name, c -> c.handle(Registered.class, (Registered r) -> seen.add(r)));
        microlith.start().awaitIdle(Duration.ofSeconds(10));
        return seen;
    }

    private String rawStore() {
        StringBuilder all = new StringBuilder();
        for (Message m : store.readAll(1, 10_000)) {
            all.append(m.streamName()).append(' ').append(m.data()).append(' ').append(m.metadata()).append('\n');
        }
        return all.toString();
    }

    @Test
    void every_reader_sees_personal_data_until_the_subject_is_forgotten_then_null_and_the_store_holds_no_plaintext() {
        try (Microlith microlith = microlith(keys)) {
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", EMAIL, "Ada", 2)));
            assertThat(rawStore()).doesNotContain(EMAIL).doesNotContain("Ada").contains("u1");

            assertThat(consumeAll(microlith, "before")).containsExactly(new Registered("u1", EMAIL, "Ada", 2));
            EntityStore<Profile> profiles = microlith.entities("user", Projection.builder(microlith.types(), Profile.NONE)
                    .on(Registered.class, (p, r) -> new Profile(r.email(), r.name(), r.plan())).build()).cacheSize(0).build();
            assertThat(profiles.fetch("u1").state()).isEqualTo(new Profile(EMAIL, "Ada", 2));

            assertThat(keys.forget("u1")).isTrue();

            Message stored = store.readStream(user, 0, 1).getFirst();
            assertThat(microlith.types().decode(stored)).contains(new Registered("u1", null, null, 2));
            assertThat(profiles.fetch("u1").state()).as("a refold").isEqualTo(new Profile(null, null, 2));
        }
        try (Microlith replay = microlith(keys)) {
            assertThat(consumeAll(replay, "after")).as("a consumer replaying from the start")
                    .containsExactly(new Registered("u1", null, null, 2));
        }
        assertThat(store.readStream(user, 0, 10)).as("the message stays, append-only").hasSize(1);
        assertThat(rawStore()).doesNotContain(EMAIL);
    }

    @Test
    void a_snapshot_of_personal_state_holds_it_encrypted_and_reads_it_as_null_once_the_subject_is_forgotten() {
        try (Microlith microlith = microlith(keys)) {
            Projection<Account> fold = Projection.builder(microlith.types(), Account.NONE)
                    .on(Registered.class, (a, r) -> new Account(r.userId(), r.email(), r.plan())).build();
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", EMAIL, "Ada", 2)));
            microlith.entities("user", fold).snapshotEvery(1, Account.class).build().fetch("u1");

            List<Message> snapshots = store.readStream(StreamName.of("user:snapshot-u1"), 0, 10);
            assertThat(snapshots).hasSize(1);
            assertThat(snapshots.getFirst().data()).doesNotContain(EMAIL).contains("$personal");
            EntityStore<Account> fresh = microlith.entities("user", fold).snapshotEvery(1, Account.class).cacheSize(0)
                    .build();
            assertThat(fresh.fetch("u1").state()).as("read back from the snapshot")
                    .isEqualTo(new Account("u1", EMAIL, 2));

            keys.forget("u1");

            assertThat(fresh.fetch("u1").state()).as("the snapshot once forgotten").isEqualTo(new Account("u1", null, 2));
            assertThat(rawStore()).doesNotContain(EMAIL);
        }
    }

    @Test
    void snapshots_of_personal_state_without_the_types_that_encrypt_them_are_refused() {
        Projection<Account> fold = Projection.builder(new MessageTypes(), Account.NONE).build();
        assertThatThrownBy(() -> EntityStore.builder(store, "user", fold).snapshotEvery(5, Account.class).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Account.class.getName()).hasMessageContaining("in clear");
    }

    @Test
    void a_subject_that_registers_again_after_being_forgotten_gets_a_new_key() {
        try (Microlith microlith = microlith(keys)) {
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", EMAIL, "Ada", 1)));
            keys.forget("u1");
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", "new@example.org", "Ada", 1)));

            assertThat(store.readStream(user, 0, 10).stream().map(m -> microlith.types().decode(m).orElseThrow()))
                    .containsExactly(new Registered("u1", null, null, 1), new Registered("u1", "new@example.org", "Ada", 1));
        }
    }

    @Test
    void a_record_whose_personal_values_are_all_null_makes_no_key_so_a_forgotten_subject_stays_without_one() {
        try (Microlith microlith = microlith(keys)) {
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", EMAIL, "Ada", 1)));
            keys.forget("u1");
            // a reaction that read the forgotten values as null and wrote them on
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", null, null, 2)));

            assertThat(keys.find("u1")).as("no new key for the forgotten subject").isEmpty();
            assertThat(microlith.types().decode(store.readStream(user, 1, 1).getFirst()))
                    .contains(new Registered("u1", null, null, 2));
        }
    }

    @Test
    void without_a_key_store_personal_data_is_neither_written_nor_read() {
        MessageTypes bare = MessageTypes.of(Registered.class);
        assertThatThrownBy(() -> bare.toNewMessage(new Registered("u1", EMAIL, "Ada", 1)))
                .isInstanceOf(KeyStoreUnavailableException.class)
                .hasMessageContaining("no key store is configured");
        try (Microlith microlith = microlith(keys)) {
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", EMAIL, "Ada", 1)));
        }
        Message stored = store.readStream(user, 0, 1).getFirst();
        assertThatThrownBy(() -> bare.decode(stored)).isInstanceOf(KeyStoreUnavailableException.class);
    }

    @Test
    void an_unreachable_key_store_fails_loudly_and_a_consumer_parks_the_message_instead_of_seeing_null() {
        try (Microlith microlith = microlith(keys)) {
            microlith.store().write(user, microlith.types().toNewMessage(new Registered("u1", EMAIL, "Ada", 1)));
        }
        SubjectKeyStore down = new SubjectKeyStore() {
            @Override
            public Optional<byte[]> find(String subject) {
                throw new KeyStoreUnavailableException("connection refused");
            }

            @Override
            public byte[] findOrCreate(String subject) {
                throw new KeyStoreUnavailableException("connection refused");
            }

            @Override
            public boolean forget(String subject) {
                throw new KeyStoreUnavailableException("connection refused");
            }
        };
        try (Microlith microlith = Microlith.create(config -> config.store(store).personalData(down)
                .consumers(c -> c.retry(io.microlith.consumer.RetryPolicy.noRetry())))) {
            List<Registered> seen = consumeAll(microlith, "reader");
            assertThat(seen).isEmpty();
            assertThat(microlith.consumers().getFirst().parked()).singleElement()
                    .satisfies(p -> assertThat(p.error()).contains("connection refused"));
            assertThatThrownBy(() -> microlith.types().toNewMessage(new Registered("u2", "b@example.org", "B", 1)))
                    .isInstanceOf(KeyStoreUnavailableException.class);
        }
    }

    @Test
    void a_tampered_value_does_not_decrypt() {
        try (Microlith microlith = microlith(keys)) {
            NewMessage written = microlith.types().toNewMessage(new Registered("u1", EMAIL, "Ada", 1));
            int at = written.data().indexOf("\"data\":\"") + 8;
            char flipped = written.data().charAt(at) == 'A' ? 'B' : 'A';
            String tampered = written.data().substring(0, at) + flipped + written.data().substring(at + 1);
            store.write(user, NewMessage.of("Registered", tampered));

            assertThatThrownBy(() -> microlith.types().decode(store.readStream(user, 0, 1).getFirst()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not decrypt");
        }
    }

    @Test
    void a_record_with_personal_data_needs_one_data_subject() {
        record NoSubject(@PersonalData String email) {
        }
        assertThatThrownBy(() -> MessageTypes.of(NoSubject.class).personalData(keys).toNewMessage(new NoSubject(EMAIL)))
                .hasMessageContaining("no @DataSubject");
    }

    @Test
    void the_key_cache_is_bounded_and_forgets_at_once() {
        AtomicInteger finds = new AtomicInteger();
        InMemorySubjectKeyStore inner = new InMemorySubjectKeyStore();
        SubjectKeyStore counted = new SubjectKeyStore() {
            @Override
            public Optional<byte[]> find(String subject) {
                finds.incrementAndGet();
                return inner.find(subject);
            }

            @Override
            public byte[] findOrCreate(String subject) {
                return inner.findOrCreate(subject);
            }

            @Override
            public boolean forget(String subject) {
                return inner.forget(subject);
            }
        };
        CachingSubjectKeyStore cache = new CachingSubjectKeyStore(counted, 2, Duration.ofHours(1));
        cache.findOrCreate("a");
        cache.findOrCreate("b");
        cache.find("a");
        cache.find("b");
        assertThat(finds).as("both cached").hasValue(0);
        cache.findOrCreate("c"); // evicts the eldest, a
        cache.find("a");
        assertThat(finds).hasValue(1);

        cache.forget("b");
        assertThat(cache.find("b")).isEmpty();
        assertThat(inner.find("b")).isEmpty();
    }
}
