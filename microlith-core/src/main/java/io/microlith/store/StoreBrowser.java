package io.microlith.store;

import io.microlith.message.Message;
import io.microlith.message.StreamName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Browses a store as an operator does (an admin portal, a command line): which categories and streams it holds and
 * how many messages each, one message by its id, and every message of a conversation. A role beside
 * {@link MessageStore}, implemented by the in-memory, SQLite and PostgreSQL stores and proven by the TCK's
 * {@code BrowsingContract}; {@link #of(MessageStore)} finds it behind decorators.
 *
 * <p>These are reads for people, not for applications: {@link #categories()} and {@link #correlated} may scan the
 * whole store (a full table scan on SQLite and PostgreSQL; see the stores' READMEs for an index that helps). Each call
 * sees one committed state. Arguments are checked alike by every store ({@link #requireLimit}).
 */
public interface StoreBrowser {
    /** The most a {@link #streams} or {@link #correlated} call returns at once. */
    int MAX_LIMIT = 10_000;

    /** Every category that holds a message, in name order; empty for an empty store. */
    List<CategorySummary> categories();

    /**
     * The streams of {@code category}, the most recently written first (by their last global position), those whose
     * last message is before {@code beforeGlobalPosition} ({@link Long#MAX_VALUE} for the first page; a page's last
     * {@link StreamSummary#lastGlobalPosition()} for the next), at most {@code limit}. Empty for an unknown category.
     * A message written to the bare category by another client of the store (message-db allows it) counts as the
     * stream named like the category.
     *
     * @throws IllegalArgumentException for a name that is not a category, a position below 1, or a limit outside 1 to
     *                                  {@value #MAX_LIMIT}
     */
    List<StreamSummary> streams(String category, long beforeGlobalPosition, int limit);

    /** The message with this id, or empty when the store has none. */
    Optional<Message> message(UUID id);

    /**
     * Every message whose metadata carries {@code correlationId}, in global order, at most {@code limit} (the first
     * ones): one conversation, whatever categories it crossed. Empty when none does.
     *
     * @throws IllegalArgumentException for a blank id or a limit outside 1 to {@value #MAX_LIMIT}
     */
    List<Message> correlated(String correlationId, int limit);

    /** The browser of {@code store}: the store itself, or the store a {@link ForwardingMessageStore} forwards to. */
    static Optional<StoreBrowser> of(MessageStore store) {
        Objects.requireNonNull(store, "store");
        if (store instanceof StoreBrowser browser) {
            return Optional.of(browser);
        }
        return store instanceof ForwardingMessageStore forwarding ? of(forwarding.delegate()) : Optional.empty();
    }

    /** The check of a {@link #streams} call's arguments, for implementations. */
    static void requireStreamsQuery(String category, long beforeGlobalPosition, int limit) {
        StreamName.requireCategory(category);
        if (beforeGlobalPosition < 1) {
            throw new IllegalArgumentException("The position to list streams before must be at least 1, was "
                    + beforeGlobalPosition);
        }
        requireLimit(limit);
    }

    /** The check of a {@link #correlated} call's arguments, for implementations. */
    static void requireCorrelation(String correlationId, int limit) {
        if (correlationId == null || correlationId.isBlank()) {
            throw new IllegalArgumentException("A correlation id must not be blank");
        }
        requireLimit(limit);
    }

    /** A limit of 1 to {@value #MAX_LIMIT}. */
    static int requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("A limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }
}
