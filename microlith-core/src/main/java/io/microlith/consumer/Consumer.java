package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.store.ConsumerGroup;
import io.microlith.store.MessageStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A subscription to one category: reads it in batches from its stored position, in global order, and
 * dispatches each message to the handlers of its type (or a catch-all), on a virtual thread of its own.
 *
 * <pre>{@code
 * Consumer consumer = Consumer.builder(store, "account:command", "accounts")
 *         .handle(Deposit.class, (deposit, message) -> ...)
 *         .build()
 *         .start();
 * ...
 * consumer.stop(); // finishes the batch, saves the position
 * }</pre>
 *
 * <p><b>Position.</b> The global position of the last processed message is saved (by default in the stream
 * {@code <category>:position-<name>}) every {@code positionUpdateInterval} messages, when the consumer
 * goes idle and on {@link #stop()}. After a crash the consumer resumes at the last saved position, so a
 * message may be handled twice: handlers must be idempotent (delivery is at least once).
 *
 * <p><b>Waking.</b> The consumer sleeps while it has nothing to read and wakes on the store's commit
 * notification for its category; it also polls every {@code pollInterval} in case a notification is lost.
 *
 * <p><b>Failures.</b> Whatever a handler throws is retried with backoff ({@link RetryPolicy}); after the last
 * attempt the message is parked in the dead-letter stream {@code <category>:parked-<name>}, the position
 * moves past it and the consumer goes on. By default ({@link HoldBack#EVENT_STREAMS}) the rest of an event
 * stream is held back behind its parked message, while other streams go on; a command stream is never held
 * back, so that a poison command, which anyone may send, cannot block the next one. {@link #parked()} lists
 * parked messages; {@link #replay(UUID)} and {@link #skip(UUID)} release them.
 *
 * <p>"Whatever" means every exception and every error, {@link StackOverflowError}, {@link AssertionError},
 * {@link LinkageError}s and the {@link OutOfMemoryError} that refuses one impossible size ({@code Requested
 * array size exceeds VM limit}, {@code too large to fit in a String}) included, with one exception: the JVM's
 * own exhaustion or breakage, an {@link OutOfMemoryError} that says a resource ran out (heap, metaspace,
 * direct or native memory, threads, or no message at all) or an {@link InternalError} or {@link UnknownError}.
 * Going on after those is not safe: they stop the consumer at once without saving its position (state
 * {@code CRASHED}), as a crash would (decision 0050). Failures of the consumer's own work (reading, parking,
 * saving its position) are retried after a poll interval; an error there crashes it too.
 *
 * <p><b>Groups.</b> With {@link Builder#group(int, int)} several consumers of the same name share a
 * category: each stream belongs to exactly one member, and each member keeps its own position.
 *
 * <p><b>Through a broker.</b> With {@link Builder#transport(BrokerTransport)} the consumer does not read the store: the
 * broker delivers to its handlers, retries and parking ({@link Builder#buildHandling()}), deduplicated by lane
 * position, and this object keeps its face — state, the highest global position handled (saved every 100 messages,
 * every second while it moves and on stop), parked messages, replay and skip (decision 0093).
 */
public final class Consumer implements AutoCloseable {
    private final String category;
    private final String name;
    private final Dispatcher dispatcher;
    /** A {@link ReadLoop}, or a {@link DeliveredConsumer} when a broker delivers ({@link Builder#transport}). */
    private final Receiving receiving;

    private Consumer(Builder b) {
        this.category = b.category;
        this.name = b.name;
        this.dispatcher = b.handlers.build();
        ConsumerListener listener = ListenerChain.of(b.listener, b.added);
        if (b.transport != null) {
            // a view's transactional store commits with each message; any other keeps the highest position handled,
            // which back-pressure (ConsumerLag) reads as every store consumer's
            PositionStore kept = b.positions instanceof TransactionalPositionStore ? null : b.positions != null
                    ? b.positions : PositionStore.inStream(b.store, Categories.stream(category, "position", name));
            this.receiving = new DeliveredConsumer(b, b.transport, listener, kept);
            return;
        }
        ConsumerGroup group = b.options().group();
        String id = group == null ? name : name + "+" + group.member();
        PositionStore positionStore = b.positions != null ? b.positions
                : PositionStore.inStream(b.store, Categories.stream(category, "position", id));
        this.receiving = new ReadLoop(b.store, category, name, id, b.options(), positionStore, dispatcher, listener);
    }

    /**
     * Starts building a consumer of {@code category} named {@code name}. The name identifies its position
     * and dead-letter streams: keep it stable across restarts.
     */
    public static Builder builder(MessageStore store, String category, String name) {
        return new Builder(store, category, name);
    }

    /**
     * Loads the position and parked messages, then starts reading on a virtual thread.
     *
     * @throws IllegalStateException when started before
     */
    public Consumer start() {
        receiving.start();
        return this;
    }

    /**
     * Stops gracefully: the current batch is finished (a message in retry is abandoned, to be handled again
     * after restart), the position saved, and the thread ended before this returns. Stopping a consumer
     * that is not running does nothing.
     */
    public void stop() {
        receiving.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    public String name() {
        return name;
    }

    public String category() {
        return category;
    }

    /**
     * A global position up to which this consumer has processed every message of its category (its part of
     * it, in a group): the store's head as it was before the consumer's last read that found no more.
     * Tests and tools compare it with {@code store.headGlobalPosition()} to know that the consumer is idle.
     */
    public long caughtUpTo() {
        return receiving.caughtUpTo();
    }

    /** The global position of the last message processed (handled, skipped or parked); 0 before the first. */
    public long position() {
        return receiving.position();
    }

    public ConsumerStatus status() {
        return receiving.status();
    }

    /** Whether a handler of this consumer takes messages of {@code type} (a handler of its own, or the catch-all). */
    public boolean handles(String type) {
        return dispatcher.handles(type);
    }

    /** The stream where parked messages are recorded. */
    public StreamName parkedStream() {
        return receiving.parkedStream();
    }

    /** Messages parked by this consumer and not yet replayed or skipped, in global order. */
    public List<ParkedMessage> parked() {
        return receiving.parked();
    }

    /**
     * Handles a parked message again and, when it held its stream back, the messages of that stream it held
     * back; then lifts the hold. Runs on the calling thread between two batches of the consumer (it may wait
     * for the current batch to finish). Delivery stays at least once: a crash during a replay replays again.
     *
     * @throws IllegalArgumentException when no message with that id is parked here
     * @throws ReplayFailedException    when a message still fails after the retry policy; it is parked
     *                                  (in place of the original) and its stream stays held
     */
    public void replay(UUID messageId) {
        receiving.replay(messageId);
    }

    /**
     * Gives up on a parked message without handling it, then handles the messages of its stream it held
     * back and lifts the hold. Same threading and failures as {@link #replay(UUID)}.
     */
    public void skip(UUID messageId) {
        receiving.skip(messageId);
    }

    /**
     * Makes the consumer read its category now, as a commit notification would, and ask the store for its
     * head (for {@link #caughtUpTo()}) in case a notification was lost. Does nothing when a broker delivers.
     */
    public void wakeUp() {
        receiving.wakeUp();
    }

    /** Configures a {@link Consumer}. Handlers of one type are called in the order they were added. */
    public static final class Builder extends ConsumerOptionsBuilder<Builder> {
        private final MessageStore store;
        private final String category;
        private final String name;
        private MessageTypes types = new MessageTypes();
        private Dispatcher.Builder handlers;
        private PositionStore positions;
        private ConsumerListener listener = new ConsumerListener() {
        };
        private final List<ConsumerListener> added = new ArrayList<>();
        private BrokerTransport transport;
        /** Heard beside the listeners while a transport builds its handling: the {@link DeliveredConsumer}'s status. */
        private ConsumerListener tracking;

        private Builder(MessageStore store, String category, String name) {
            this.store = Objects.requireNonNull(store, "store");
            this.category = StreamName.requireCategory(category);
            Categories.stream(category, "position", Objects.requireNonNull(name, "name")); // validates the name
            if (name.contains("+")) {
                throw new IllegalArgumentException("A consumer name must not contain '+', was '" + name + "'");
            }
            this.name = name;
            this.handlers = new Dispatcher.Builder(types);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The store the consumer reads. */
        public MessageStore store() {
            return store;
        }

        /** The category consumed. */
        public String category() {
            return category;
        }

        /** The consumer's name, which names its position and dead-letter streams. */
        public String name() {
            return name;
        }

        /** The registry that decodes bodies; set it before adding handlers. Default: a registry of its own. */
        public Builder types(MessageTypes types) {
            if (!handlers.isEmpty()) {
                throw new IllegalStateException("Set the types before adding handlers");
            }
            this.types = Objects.requireNonNull(types, "types");
            this.handlers = new Dispatcher.Builder(types);
            return this;
        }

        /** Handles messages of the record's type (registered under its simple name unless registered otherwise). */
        public <T extends Record> Builder handle(Class<T> type, Handler<? super T> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.handle(type, (body, message) -> handler.handle(body));
            return this;
        }

        /** Handles messages of the record's type, with the stored message for metadata and positions. */
        public <T extends Record> Builder handle(Class<T> type, MessageHandler<? super T> handler) {
            handlers.handle(type, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Handles raw messages of a type name, undecoded. */
        public Builder handle(String typeName, Handler<Message> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.handle(typeName, (body, message) -> handler.handle(message));
            return this;
        }

        /** Handles every message whose type has no handler of its own (at most one catch-all). */
        public Builder handleAny(Handler<Message> handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.handleAny((body, message) -> handler.handle(message));
            return this;
        }

        /**
         * Where the position is kept; default: the stream {@code <category>:position-<name>} (with
         * {@code +<member>} for a group member). A {@link TransactionalPositionStore} makes each batch one
         * transaction with its position.
         */
        public Builder positionStore(PositionStore positions) {
            this.positions = Objects.requireNonNull(positions, "positions");
            return this;
        }

        /** Hears progress (batches processed, caught up) on the consumer's thread; replaces the listener set before. */
        public Builder listener(ConsumerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The listener set so far (one that does nothing when none was set): to add another beside it. */
        public ConsumerListener listener() {
            return listener;
        }

        /**
         * Adds a listener beside the one {@link #listener(ConsumerListener)} sets, which does not replace it: for
         * metrics and monitors that hear every consumer ({@link ConsumerListeners}). Listeners are called in the order
         * added, after the one set; one that throws is logged and the others are still called.
         */
        public Builder addListener(ConsumerListener listener) {
            added.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Has {@code transport} deliver this consumer's messages instead of its reading the store ({@code null}: read
         * the store, the default). The consumer keeps its handlers, types, retry policy, hold-back, listeners and
         * position store (a transactional one still commits each message with its effects); batch size, poll
         * interval and group do not apply (the broker delivers and spreads), and its position is the highest global
         * position handled. {@link Consumer#caughtUpTo()} is that position too: a broker consumer cannot tell what the
         * broker has not delivered yet.
         */
        public Builder transport(BrokerTransport transport) {
            this.transport = transport;
            return this;
        }

        /** The transport set by {@link #transport(BrokerTransport)}, or {@code null} when the consumer reads the store. */
        public BrokerTransport transport() {
            return transport;
        }

        /**
         * Whether the consumer needs its category in global order, one message at a time: its concurrency is 1, or its
         * position store is transactional (which ignores concurrency). A transport gives such a consumer one lane.
         */
        public boolean ordered() {
            return concurrency() == 1 || positions instanceof TransactionalPositionStore;
        }

        /** Starts {@code transport}'s delivery with {@code tracking} heard beside the listeners (see {@link DeliveredConsumer}). */
        synchronized BrokerTransport.Delivery deliverWith(BrokerTransport transport, ConsumerListener tracking) {
            this.tracking = tracking;
            try {
                return transport.deliver(this);
            } finally {
                this.tracking = null;
            }
        }

        /**
         * Builds the handlers, retries and parking of this consumer without its read loop, for a transport that
         * delivers messages itself ({@link MessageHandling}). Batch, concurrency, poll and group settings do
         * not apply; the dead-letter stream is {@code <category>:parked-<name>}.
         *
         * @throws IllegalStateException when no handler was added
         */
        public MessageHandling buildHandling() {
            requireHandlers();
            List<ConsumerListener> heard = new ArrayList<>(added);
            if (tracking != null) {
                heard.add(tracking);
            }
            return MessageHandling.of(store, category, name, handlers.build(), options(), positions,
                    ListenerChain.of(listener, heard));
        }

        private void requireHandlers() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("Consumer " + name + " of " + category + " has no handler");
            }
        }

        /**
         * @throws IllegalStateException when no handler was added
         */
        public Consumer build() {
            requireHandlers();
            return new Consumer(this);
        }
    }
}
