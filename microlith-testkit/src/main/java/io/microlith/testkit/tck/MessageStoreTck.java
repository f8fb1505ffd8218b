package io.microlith.testkit.tck;

import io.microlith.store.MessageStore;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite every {@link MessageStore} must pass. Extend it in a test class and supply the
 * store:
 *
 * <pre>{@code
 * class InMemoryMessageStoreTest extends MessageStoreTck {
 *     static final MessageStore STORE = new InMemoryMessageStore();
 *     protected MessageStore store() { return STORE; }
 * }
 * }</pre>
 *
 * The store may be shared by all tests of the run (each test uses categories of its own); its owner
 * closes it. Each group below is also an abstract class that can be run alone.
 *
 * <p>What the suite does not check: durability across a crash (each store tests that itself, e.g. the
 * SQLite store kills a writer process), writers in other processes, and speed (see microlith-bench).
 */
public abstract class MessageStoreTck {

    /** The store under test; see the class comment. */
    protected abstract MessageStore store();

    @Nested
    class ReadingBack extends ReadBackContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class Positions extends PositionsContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class ExpectedVersions extends ExpectedVersionContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class DuplicateIds extends DuplicateIdContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class MultiStreamWrites extends MultiStreamContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class NoReaderSkips extends NoSkipContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class ConsumerGroups extends ConsumerGroupContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class Filters extends FiltersContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class BadInput extends BadInputContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class Notifications extends NotificationsContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class Browsing extends BrowsingContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class AppendConditions extends AppendConditionContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }

    @Nested
    class Imports extends ImportContract {
        @Override
        protected MessageStore store() {
            return MessageStoreTck.this.store();
        }
    }
}
