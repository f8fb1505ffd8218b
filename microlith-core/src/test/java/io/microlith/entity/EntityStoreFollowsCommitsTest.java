package io.microlith.entity;

import io.microlith.entity.Accounts.Account;
import io.microlith.entity.Accounts.AccountEvent;
import io.microlith.entity.Accounts.Deposited;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.ForwardingMessageStore;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The entity cache following the store's commits (decision 0100): fetches of cached entities read nothing. */
class EntityStoreFollowsCommitsTest {

    private final InMemoryMessageStore memory = new InMemoryMessageStore();
    private final CountingStore store = new CountingStore(memory, true);
    private final MessageTypes types = new MessageTypes();
    private final Projection<Account> projection = Projection.of(types, Account.NEW, AccountEvent.class,
            Account::apply);

    @AfterEach
    void close() {
        memory.close();
    }

    private EntityStore<Account> followed(MessageStore on) {
        return EntityStore.builder(on, "account", projection).followCommits().build();
    }

    private void write(String id, long amount) {
        store.write(StreamName.of("account", id), types.toNewMessage(new Deposited(id, amount)));
    }

    @Test
    void a_cached_entity_takes_what_was_committed_since_without_reading() {
        EntityStore<Account> entities = followed(store);
        write("1", 10);
        entities.fetch("1");
        int reads = store.streamReads.get();

        write("1", 20);
        write("1", 30);
        Entity<Account> account = entities.fetch("1");

        assertThat(account.state()).isEqualTo(new Account(60, 3));
        assertThat(account.version()).isEqualTo(2);
        assertThat(store.streamReads.get()).isEqualTo(reads);
        assertThat(entities.fetch("1").version()).isEqualTo(2);
        assertThat(store.streamReads.get()).isEqualTo(reads);
    }

    @Test
    void a_new_entity_is_followed_from_its_first_message() {
        EntityStore<Account> entities = followed(store);
        assertThat(entities.fetch("new").version()).isEqualTo(-1);
        int reads = store.streamReads.get();

        write("new", 5);

        assertThat(entities.fetch("new").state()).isEqualTo(new Account(5, 1));
        assertThat(store.streamReads.get()).isEqualTo(reads);
    }

    @Test
    void without_following_every_fetch_reads_the_tail() {
        EntityStore<Account> entities = EntityStore.builder(store, "account", projection).build();
        write("1", 10);
        entities.fetch("1");
        int reads = store.streamReads.get();

        write("1", 20);

        assertThat(entities.fetch("1").state()).isEqualTo(new Account(30, 2));
        assertThat(store.streamReads.get()).isGreaterThan(reads);
    }

    @Test
    void a_store_that_does_not_hand_over_its_commits_is_read_as_before() {
        CountingStore silent = new CountingStore(memory, false);
        EntityStore<Account> entities = followed(silent);
        write("1", 10);
        entities.fetch("1");
        int reads = silent.streamReads.get();

        write("1", 20);

        assertThat(entities.fetch("1").state()).isEqualTo(new Account(30, 2));
        assertThat(silent.streamReads.get()).isGreaterThan(reads);
    }

    @Test
    void a_tail_grown_past_its_bound_is_read_again_and_folds_the_same() {
        EntityStore<Account> entities = followed(store);
        write("1", 1);
        entities.fetch("1");
        int reads = store.streamReads.get();

        for (int i = 0; i < 100; i++) {
            write("1", 1);
        }

        assertThat(entities.fetch("1").state()).isEqualTo(new Account(101, 101));
        assertThat(store.streamReads.get()).isGreaterThan(reads);
    }

    @Test
    void messages_of_other_categories_and_of_snapshot_streams_do_not_enter_the_tail() {
        EntityStore<Account> entities = followed(store);
        write("1", 10);
        entities.fetch("1");

        store.write(StreamName.of("accounts", "1"), types.toNewMessage(new Deposited("1", 1000)));
        store.write(StreamName.of("account:snapshot", "1"), types.toNewMessage(new Deposited("1", 1000)));

        assertThat(entities.fetch("1").state()).isEqualTo(new Account(10, 1));
    }

    /**
     * Deciders on eight threads, each fetching an account, writing at the fetched version and deciding again on a
     * conflict (as a component does), while the cache follows the commits: every fetch right after a thread's own
     * write sees that write, and in the end the cache folds what a fresh read folds.
     */
    @Test
    void concurrent_deciders_read_their_own_writes_and_end_where_a_fresh_read_does() throws Exception {
        EntityStore<Account> entities = followed(store);
        int threads = 8;
        int perThread = 400;
        AtomicInteger stale = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    int written = 0;
                    for (int i = 0; i < perThread; i++) {
                        String id = Integer.toString(ThreadLocalRandom.current().nextInt(5));
                        while (true) {
                            Entity<Account> account = entities.fetch(id);
                            try {
                                long version = store.write(StreamName.of("account", id),
                                        List.of(types.toNewMessage(new Deposited(id, 1))),
                                        ExpectedVersion.exactly(account.version())).version();
                                if (entities.fetch(id).version() < version) {
                                    stale.incrementAndGet();
                                }
                                written++;
                                break;
                            } catch (ExpectedVersionException conflict) {
                                entities.evict(id);
                            }
                        }
                    }
                    return written;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertThat(total).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stale.get()).as("fetches that missed the thread's own write").isZero();
        EntityStore<Account> fresh = EntityStore.builder(memory, "account", projection).cacheSize(0).build();
        long balance = 0;
        for (int id = 0; id < 5; id++) {
            Entity<Account> cached = entities.fetch(Integer.toString(id));
            Entity<Account> read = fresh.fetch(Integer.toString(id));
            assertThat(cached.state()).isEqualTo(read.state());
            assertThat(cached.version()).isEqualTo(read.version());
            balance += read.state().balance();
        }
        assertThat(balance).isEqualTo(threads * perThread);
    }

    /** Counts stream reads; hands over commits only when told to. */
    private static final class CountingStore extends ForwardingMessageStore {
        private final MessageStore delegate;
        private final boolean handsOverCommits;
        final AtomicInteger streamReads = new AtomicInteger();

        CountingStore(MessageStore delegate, boolean handsOverCommits) {
            this.delegate = delegate;
            this.handsOverCommits = handsOverCommits;
        }

        @Override
        protected MessageStore delegate() {
            return delegate;
        }

        @Override
        public List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
            streamReads.incrementAndGet();
            return super.readStream(streamName, fromPosition, batchSize);
        }

        @Override
        public Optional<Registration> onCommittedMessages(CommittedMessagesListener listener) {
            return handsOverCommits ? super.onCommittedMessages(listener) : Optional.empty();
        }
    }
}
