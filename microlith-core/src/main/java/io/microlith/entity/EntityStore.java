package io.microlith.entity;

import io.microlith.message.Causation;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import io.microlith.privacy.PersonalDataCodec;
import io.microlith.store.MessageStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches entities of one category by id: reads the stream {@code <category>-<id>} and folds it with a
 * {@link Projection}.
 *
 * <p><b>Cache.</b> The last {@code cacheSize} entities fetched are kept (least recently used go first); a
 * fetch of a cached entity reads only the messages written after it. Safe under concurrent fetches and
 * writes: the cache only ever moves an entity forward, and every fetch reads the stream's tail, unless the cache
 * follows the store's commits ({@link Builder#followCommits()}, decision 0100) and was handed every message written
 * since: then the fetch folds those and reads nothing.
 *
 * <p><b>Snapshots.</b> With {@link Builder#snapshotEvery(int, Class)}, a fetch that folded {@code n} or more
 * messages past the last snapshot writes one to {@code <category>:snapshot-<id>} (state as JSON, version,
 * processed positions, projection version). A fetch of an uncached entity starts from its last snapshot,
 * unless that snapshot was taken by another projection version, in which case it folds from the start.
 * A state record with {@link io.microlith.privacy.PersonalData} components is snapshotted with them encrypted
 * through the builder's {@link Builder#types(MessageTypes) types}, as its events are (decision 0088): forgetting its
 * subject makes them {@code null} in the snapshot too.
 *
 * <p><b>Time travel.</b> {@link #fetchAsOf(String, long)} and {@link #fetchAsOf(String, Instant)} fold from
 * the start up to a stream position or a time, bypassing cache and snapshots.
 *
 * @param <S> the state's type
 */
public final class EntityStore<S> {
    private static final int BATCH = 1000;

    private final MessageStore store;
    private final String category;
    private final Projection<S> projection;
    private final int snapshotInterval;
    private final Snapshots<S> snapshots;
    private final Map<String, Cached<S>> cache;
    /** The store's commits to the category, when the cache follows them (decision 0100); null otherwise. */
    private final CommitTrail trail;

    /**
     * An entity with the version of its last snapshot (-1: none known), and, when {@code complete}, every message of
     * its stream committed after it ({@code tail}, handed over by the store), so that a fetch reads nothing.
     */
    private record Cached<S>(Entity<S> entity, long snapshotVersion, List<Message> tail, boolean complete) {
        /** The most messages a cached entity keeps of its tail: past that, its next fetch reads the store. */
        static final int MAX_TAIL = 64;

        Cached(Entity<S> entity, long snapshotVersion) {
            this(entity, snapshotVersion, List.of(), false);
        }

        /** The position the next message of the stream takes, as far as the tail knows. */
        long nextPosition() {
            return entity.version() + 1 + tail.size();
        }
    }

    private EntityStore(Builder<S> b) {
        this.store = b.store;
        this.category = b.category;
        this.projection = b.projection;
        this.snapshotInterval = b.snapshotInterval;
        this.snapshots = new Snapshots<>(store, category, projection, b.stateType, b.types);
        int size = b.cacheSize;
        this.cache = size == 0 ? null : new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached<S>> eldest) {
                return size() > size;
            }
        };
        this.trail = cache != null && b.followCommits
                ? CommitTrail.follow(store, category, this::committed).orElse(null) : null;
    }

    /** Starts an entity store of the entities in {@code category} (no {@code -}), folded by {@code projection}. */
    public static <S> Builder<S> builder(MessageStore store, String category, Projection<S> projection) {
        return new Builder<>(store, category, projection);
    }

    public String category() {
        return category;
    }

    /** The stream of entity {@code id}. */
    public StreamName streamName(String id) {
        return StreamName.of(category, id);
    }

    /** The current state of entity {@code id}; version {@code -1} and the initial state when it has no messages. */
    public Entity<S> fetch(String id) {
        Cached<S> start = cached(id);
        StreamName stream = start != null ? start.entity().streamName() : streamName(id);
        // sampled before anything is read: see CommitTrail
        long change = trail == null ? 0 : trail.changeOf(stream.value());
        if (start == null) {
            start = fromSnapshot(id, stream);
        }
        Fold<S> fold = new Fold<>(start.entity());
        if (start.complete()) {
            for (Message message : start.tail()) {
                fold.add(projection, message);
            }
        } else {
            readFrom(stream, fold, Long.MAX_VALUE, null);
        }
        Entity<S> entity = fold.entity(stream);
        long snapshotVersion = start.snapshotVersion();
        if (snapshotInterval > 0 && entity.version() - snapshotVersion >= snapshotInterval) {
            snapshotVersion = snapshots.write(id, entity) ? entity.version() : snapshotVersion;
        }
        remember(id, entity, snapshotVersion, change);
        return entity;
    }

    /** The state of entity {@code id} after the message at {@code position} (all of it when the stream is shorter). */
    public Entity<S> fetchAsOf(String id, long position) {
        if (position < -1) {
            throw new IllegalArgumentException("A position must be -1 (before the first message) or more, was " + position);
        }
        StreamName stream = streamName(id);
        Fold<S> fold = new Fold<>(initial(stream));
        readFrom(stream, fold, position, null);
        return fold.entity(stream);
    }

    /** The state of entity {@code id} with the messages written at or before {@code time}. */
    public Entity<S> fetchAsOf(String id, Instant time) {
        Objects.requireNonNull(time, "time");
        StreamName stream = streamName(id);
        Fold<S> fold = new Fold<>(initial(stream));
        readFrom(stream, fold, Long.MAX_VALUE, time);
        return fold.entity(stream);
    }

    /** Forgets the cached state of entity {@code id}, e.g. after a write failed. */
    public void evict(String id) {
        if (cache != null) {
            synchronized (cache) {
                cache.remove(id);
            }
        }
    }

    private Entity<S> initial(StreamName stream) {
        return new Entity<>(stream, projection.initial(), -1, Map.of());
    }

    private void readFrom(StreamName stream, Fold<S> fold, long untilPosition, Instant untilTime) {
        while (true) {
            List<Message> batch = store.readStream(stream, fold.version + 1, BATCH);
            for (Message message : batch) {
                if (message.position() > untilPosition || (untilTime != null && message.time().isAfter(untilTime))) {
                    return;
                }
                fold.add(projection, message);
            }
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    private Cached<S> cached(String id) {
        if (cache == null) {
            return null;
        }
        synchronized (cache) {
            return cache.get(id);
        }
    }

    /**
     * Caches a fetched entity. Followed (decision 0100), it is complete when the entity it replaces was (its tail
     * past the fetched version is kept), or when no commit to its stream's bucket was handed over since {@code change}
     * was sampled, before the fetch read anything.
     */
    private void remember(String id, Entity<S> entity, long snapshotVersion, long change) {
        if (cache == null) {
            return;
        }
        synchronized (cache) {
            Cached<S> current = cache.get(id);
            // a slower concurrent fetch must not move the cache back
            if (current != null && current.entity().version() > entity.version()) {
                return;
            }
            if (trail == null) {
                cache.put(id, new Cached<>(entity, snapshotVersion));
            } else if (current != null && current.complete()) {
                List<Message> tail = current.tail().stream().filter(m -> m.position() > entity.version()).toList();
                cache.put(id, new Cached<>(entity, snapshotVersion, tail, true));
            } else {
                boolean complete = trail.unchangedSince(entity.streamName().value(), change);
                cache.put(id, new Cached<>(entity, snapshotVersion, List.of(), complete));
            }
        }
    }

    /**
     * A message the store committed to the category (on the committing thread, decision 0100): extends the tail of
     * its entity when cached and complete, the next position in order; a gap, or a tail grown past its bound, makes
     * the entity's next fetch read the store. A message the entity already holds (its fetch read it before this
     * call) is ignored.
     */
    private void committed(String id, Message message) {
        synchronized (cache) {
            Cached<S> cached = cache.get(id);
            if (cached == null || !cached.complete() || message.position() < cached.nextPosition()) {
                return;
            }
            if (message.position() > cached.nextPosition() || cached.tail().size() >= Cached.MAX_TAIL) {
                cache.put(id, new Cached<>(cached.entity(), cached.snapshotVersion()));
                return;
            }
            List<Message> tail = new ArrayList<>(cached.tail().size() + 1);
            tail.addAll(cached.tail());
            tail.add(message);
            cache.put(id, new Cached<>(cached.entity(), cached.snapshotVersion(), List.copyOf(tail), true));
        }
    }

    private Cached<S> fromSnapshot(String id, StreamName stream) {
        Optional<Entity<S>> snapshot = snapshotInterval == 0 ? Optional.empty() : snapshots.read(id, stream);
        return snapshot.map(entity -> new Cached<>(entity, entity.version())).orElseGet(() -> new Cached<>(initial(stream), -1));
    }

    /** A fold in progress: state, version and the highest causing position per category. */
    private static final class Fold<S> {
        private final Entity<S> from;
        S state;
        long version;
        private Map<String, Long> processed;

        Fold(Entity<S> from) {
            this.from = from;
            this.state = from.state();
            this.version = from.version();
        }

        void add(Projection<S> projection, Message message) {
            state = projection.apply(state, message);
            version = message.position();
            Causation causation = message.metadata().causation();
            // a cause with no global position (a command handled inline, decision 0074) proves nothing in order
            if (causation != null && causation.globalPosition() >= 0) {
                if (processed == null) {
                    processed = new HashMap<>(from.processed());
                }
                processed.merge(causation.streamName().category(), causation.globalPosition(), Math::max);
            }
        }

        /** The folded entity; the starting one itself when nothing was folded (the common cache hit). */
        Entity<S> entity(StreamName stream) {
            if (version == from.version()) {
                return from;
            }
            return new Entity<>(stream, state, version, processed == null ? from.processed() : processed);
        }
    }

    /** Configures an {@link EntityStore}. */
    public static final class Builder<S> {
        private final MessageStore store;
        private final String category;
        private final Projection<S> projection;
        private int cacheSize = 1000;
        private boolean followCommits;
        private int snapshotInterval;
        private Class<S> stateType;
        private MessageTypes types;

        private Builder(MessageStore store, String category, Projection<S> projection) {
            this.store = Objects.requireNonNull(store, "store");
            this.category = StreamName.requireCategory(category);
            this.projection = Objects.requireNonNull(projection, "projection");
        }

        /** How many entities the LRU cache keeps; 0 turns it off. Default 1000. */
        public Builder<S> cacheSize(int entities) {
            if (entities < 0) {
                throw new IllegalArgumentException("Cache size must not be negative, was " + entities);
            }
            this.cacheSize = entities;
            return this;
        }

        /**
         * Lets the cache follow the store's commits to the category (decision 0100): a fetch of a cached entity then
         * folds the messages the store handed over since, reading nothing, when it holds all of them. Only stores
         * whose every write passes through this process hand their commits over (in memory, SQLite); on others this
         * changes nothing. The store keeps the entity store's listener until it closes: for long-lived entity stores
         * (a component's), not one per request.
         */
        public Builder<S> followCommits() {
            this.followCommits = true;
            return this;
        }

        /** Writes a snapshot each time a fetch folds {@code messages} or more past the last one. Default: none. */
        public Builder<S> snapshotEvery(int messages, Class<S> stateType) {
            if (messages < 1) {
                throw new IllegalArgumentException("Snapshot interval must be at least 1, was " + messages);
            }
            this.snapshotInterval = messages;
            this.stateType = Objects.requireNonNull(stateType, "stateType");
            return this;
        }

        /**
         * The types whose key store encrypts the personal data of snapshots (decision 0088). Required for snapshots of a
         * state record with {@link io.microlith.privacy.PersonalData} components.
         */
        public Builder<S> types(MessageTypes types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /**
         * @throws IllegalStateException when snapshots of a state with personal data are asked for without
         *                               {@link #types(MessageTypes) types}: they would hold it in clear
         */
        public EntityStore<S> build() {
            if (snapshotInterval > 0 && types == null && PersonalDataCodec.hasPersonalData(stateType)) {
                throw new IllegalStateException("Snapshots of " + stateType.getName() + " would hold its @PersonalData"
                        + " in clear: give the entity store the MessageTypes with a key store (types(...))");
            }
            return new EntityStore<>(this);
        }
    }
}
